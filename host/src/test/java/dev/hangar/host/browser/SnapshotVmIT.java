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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A snapshot taken and reverted to by clicks in headless Chromium, against the real distribution on the
 * real libvirtd: the running tiny guest, with a qcow2 disk of its own to hold the snapshot, is forced
 * off after the snapshot, and the revert brings it back running from the saved memory. Checked with
 * {@code virsh}, not only on the page.
 */
class SnapshotVmIT {
    private static GuestHangar hangar;
    private TinyGuest guest;
    private String volume;
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
    void defineGuestWithAQcow2Disk() throws Exception {
        guest = TinyGuest.define(GuestHangar.SYSTEM, "snapshot");
        volume = guest.name() + ".qcow2";
        guest.virsh("vol-create-as", "default", volume, "64M", "--format", "qcow2");
        String path = guest.virsh("vol-path", "--pool", "default", volume).strip();
        guest.virsh("attach-disk", guest.name(), path, "vdb", "--subdriver", "qcow2", "--config");
        guest.start();
        guest.awaitLog(TinyGuest.READY, 1, TinyGuest.BOOT);
        browser = Chromium.start();
    }

    @AfterEach
    void removeGuestAndItsVolume() {
        try (Chromium b = browser) {
            guest.close(); // with its snapshots' metadata; the snapshots themselves live in the volume
        } finally {
            guest.virsh("vol-delete", "--pool", "default", volume);
        }
    }

    @Test
    void anOperatorTakesASnapshotOfTheRunningVmAndRevertsTheForcedOffVmToIt() throws Exception {
        VmConsolePage page = VmConsolePage.open(browser, hangar.url, GuestHangar.OPERATOR, hangar.password,
                GuestHangar.SYSTEM, guest.name());
        page.clickNamed("the Snapshots subtab", "Snapshots", "vaadin-tab");
        browser.awaitText("This VM has no snapshots.");
        page.clickNamed("Take snapshot…", "Take snapshot", "vaadin-button.vm-snapshot-take");
        WebElement name = browser.find("vaadin-text-field.take-snapshot-name input");
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        name.sendKeys("browser-snap");
        assertTrue(browser.find("vaadin-checkbox.take-snapshot-memory").getAttribute("checked") != null,
                "a running VM's memory is included");
        browser.screenshot("snapshot-take-dialog");
        page.clickNamed("Take snapshot (confirm)", "Take snapshot", "vaadin-button.take-snapshot-confirm");
        browser.awaitText("Took snapshot 'browser-snap' of VM '" + guest.name() + "' with its memory");
        browser.find("[data-snapshot='browser-snap'] .vm-snapshot-current");
        assertEquals("browser-snap", guest.virsh("snapshot-list", guest.name(), "--name").strip());
        assertTrue(guest.virsh("snapshot-dumpxml", guest.name(), "browser-snap").contains("<state>running</state>"));
        browser.screenshot("snapshot-taken");

        guest.virsh("destroy", guest.name());
        browser.waitUntil("the page to say the VM is off", d -> browser.text().contains("Shut off"));
        page.clickNamed("Revert…", "Revert", "vaadin-button.vm-snapshot-revert");
        browser.awaitText("Afterwards the VM is running, as it was then.");
        browser.screenshot("snapshot-revert-dialog");
        page.clickNamed("Revert (confirm)", "Revert", "vaadin-button.revert-snapshot-confirm");
        browser.awaitText("Reverted VM '" + guest.name() + "' to snapshot 'browser-snap'");
        Waiting.await("libvirt to run the reverted VM", Duration.ofSeconds(60))
                .until(() -> guest.virsh("domstate", guest.name()).strip().equals("running"));
        browser.waitUntil("the page to say the VM runs", d -> browser.text().contains("Running"));
        browser.screenshot("snapshot-reverted");
    }
}
