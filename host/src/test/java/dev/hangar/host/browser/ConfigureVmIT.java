package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.TinyGuest;
import dev.hangar.testsupport.VmConsolePage;
import dev.hangar.testsupport.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Two edits of a VM in headless Chromium against the real distribution on the real libvirtd, each on
 * a running tiny guest of its own: its memory, changed now, and its vCPUs, which wait for the next
 * boot with the page's pending-changes marker until the VM restarts. Each is checked in libvirt with
 * {@code virsh}, not only on the page.
 *
 * <p>The tiny guest has no balloon driver, so a live memory change is accepted by QEMU but never
 * reaches the guest: {@code virsh dominfo}'s used memory stays where it was. What can be checked is
 * that the change was made on the running VM (the page says "applied now") and kept in its
 * definition for the next boot ({@code virsh dumpxml --inactive}).
 */
class ConfigureVmIT {
    private static final long MIB = 1024;
    /** The tiny guest's memory and maximum as its template has them (192 MiB), and its one vCPU. */
    private static final long GUEST_KIB = 192 * MIB;

    private static GuestHangar hangar;
    private TinyGuest guest;
    private Chromium browser;

    @BeforeAll
    static void startHangar() throws Exception {
        hangar = GuestHangar.start(List.of(), Map.of());
    }

    @AfterAll
    static void stopHangar() throws Exception {
        if (hangar != null) {
            hangar.close();
        }
    }

    @BeforeEach
    void defineGuest() throws Exception {
        guest = TinyGuest.define(GuestHangar.SYSTEM, "configure");
        guest.start();
        browser = Chromium.start();
    }

    @AfterEach
    void removeGuest() {
        try (TinyGuest g = guest; Chromium b = browser) {
            // Both closed, also when the test failed.
        }
    }

    private VmConsolePage page() {
        VmConsolePage page = VmConsolePage.open(browser, hangar.url, GuestHangar.OPERATOR, hangar.password,
                GuestHangar.SYSTEM, guest.name());
        browser.waitUntil("the Settings panel of " + guest.name() + " with its memory", d ->
                text(".vm-settings .vm-setting-memory .vm-setting-value").equals("192 MiB, maximum 192 MiB"));
        return page;
    }

    @Test
    void theMemoryOfTheRunningVmChangesNow() throws Exception {
        VmConsolePage page = page();
        assertEquals("Applies now", text(".vm-setting-memory .vm-setting-when"),
                "libvirt changes memory of a running VM up to its maximum");
        page.clickNamed("Change… of Memory", "Change", ".vm-setting-memory vaadin-button.vm-setting-change");
        type("vaadin-integer-field.setting-memory", "160");
        browser.screenshot("configure-memory-dialog");
        page.clickNamed("Save", "Save", "vaadin-button.setting-save");

        browser.waitUntil("the page to say how the memory change was applied", d ->
                text(".vm-setting-result").contains("applied now"));
        String result = text(".vm-setting-result");
        assertTrue(result.startsWith("Memory: "), result);
        browser.waitUntil("the panel to show the new memory", d ->
                text(".vm-setting-memory .vm-setting-value").equals("160 MiB, maximum 192 MiB"));
        browser.screenshot("configure-memory-applied");

        assertEquals(160 * MIB, kib(guest.virsh("dumpxml", "--inactive", guest.name()), "currentMemory"),
                "the definition boots with the new memory");
        assertEquals(GUEST_KIB, kib(guest.virsh("dumpxml", guest.name()), "memory"), "the maximum is unchanged");
        String info = guest.virsh("dominfo", guest.name());
        assertTrue(info.contains("State:          running"), info);
        assertTrue(info.contains("Max memory:     " + GUEST_KIB + " KiB"), info);
    }

    @Test
    void moreVcpusWaitForTheNextBootWithThePendingMarker() throws Exception {
        VmConsolePage page = page();
        page.clickNamed("Change… of vCPUs", "Change", ".vm-setting-vcpus vaadin-button.vm-setting-change");
        // A higher maximum cannot be given to a running VM: both apply at its next boot.
        type("vaadin-integer-field.setting-max-vcpus", "2");
        type("vaadin-integer-field.setting-vcpus", "2");
        page.clickNamed("Save", "Save", "vaadin-button.setting-save");

        browser.waitUntil("the page to say the vCPUs apply at next boot", d ->
                text(".vm-setting-result").contains("applies at next boot"));
        browser.waitUntil("the pending-changes marker", d -> displayed(".vm-pending-changes")
                && text(".vm-pending-changes").contains("vCPUs"));
        assertTrue(text(".vm-pending-changes").startsWith("Pending changes — apply at next boot"),
                text(".vm-pending-changes"));
        browser.screenshot("configure-vcpus-pending");
        assertEquals("2", vcpus(guest.virsh("dumpxml", "--inactive", guest.name())), "the next boot's vCPUs");
        assertEquals("1", guest.virsh("vcpucount", "--live", "--active", guest.name()).trim(), "the running VM's");

        // Restarted by someone else: the page reads the settings again, and nothing is pending any more.
        guest.virsh("destroy", guest.name());
        browser.waitUntil("the page to say the VM is off", d -> browser.text().contains("Shut off"));
        guest.start();
        browser.waitUntil("the marker to go once the VM runs again", d -> browser.text().contains("Running")
                && !displayed(".vm-pending-changes"));
        Waiting.await("libvirt to report the running VM's vCPUs", Duration.ofSeconds(30))
                .until(() -> guest.virsh("dominfo", guest.name()).contains("CPU(s):         2"));
        // The overview's values sit in form items' slots, which Selenium does not count as displayed.
        browser.wait(Chromium.WAIT).withMessage(() -> "the overview to show 2 vCPUs; it shows '" + overview("vcpus") + "'")
                .until(d -> overview("vcpus").equals("2"));
        browser.screenshot("configure-vcpus-restarted");
    }

    /** Replaces the value of a Vaadin number field and commits it (the field sends its value on blur). */
    private void type(String field, String value) {
        WebElement input = browser.find(field + " input");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value, Keys.TAB);
        browser.waitUntil(field + " to hold " + value, d -> value.equals(input.getAttribute("value")));
    }

    /**
     * The text of the first displayed element of {@code css}, "" when there is none: its text content, which
     * (unlike Selenium's rendered text) does not depend on where the page is scrolled to.
     */
    private String text(String css) {
        return browser.driver.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed)
                .map(e -> String.valueOf(e.getDomProperty("textContent")).strip().replaceAll("\\s+", " "))
                .findFirst().orElse("");
    }

    /** A value of the page's overview ("vcpus", "memory"). */
    private String overview(String value) {
        return browser.driver.findElements(By.cssSelector("span.overview-" + value)).stream()
                .map(e -> String.valueOf(e.getDomProperty("textContent")).strip()).findFirst().orElse("");
    }

    private boolean displayed(String css) {
        return browser.driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }

    /** The KiB of a domain XML's {@code <memory>} or {@code <currentMemory>} (libvirt writes them in KiB). */
    private static long kib(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + " unit='KiB'>(\\d+)</" + element + ">").matcher(xml);
        assertTrue(m.find(), "no <" + element + "> in KiB in " + xml);
        return Long.parseLong(m.group(1));
    }

    private static String vcpus(String xml) {
        Matcher m = Pattern.compile("<vcpu[^>]*>(\\d+)</vcpu>").matcher(xml);
        assertTrue(m.find(), "no <vcpu> in " + xml);
        return m.group(1);
    }
}
