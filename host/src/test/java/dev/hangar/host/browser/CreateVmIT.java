package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.CreateVmPage;
import dev.hangar.testsupport.CreatedVm;
import dev.hangar.testsupport.Login;
import dev.hangar.testsupport.TinyGuest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The create dialog end to end in headless Chromium against the real distribution on the real
 * libvirtd: an operator makes the tiny test guest (direct kernel boot from its kernel and initrd, with
 * the command line of its domain template) with a new 1 GiB qcow2 volume in pool {@code default} and a
 * NIC on network {@code isolated}, started after creation; the dialog shows the task's progress, the
 * list then shows the VM running, and libvirt has exactly that (virsh dumpxml, vol-list). A viewer gets
 * no Create button. One host for the class; the VM and its volume are removed afterwards, also when the test fails.
 */
class CreateVmIT {
    private static final String POOL = "default";
    private static final String NETWORK = "isolated";
    private static final Pattern CMDLINE = Pattern.compile("<cmdline>([^<]*)</cmdline>");

    private static GuestHangar hangar;
    private Chromium browser;
    private CreatedVm vm;

    @BeforeAll
    static void startHangar() throws Exception {
        // TCG: this machine's KVM boots no Linux kernel (the libvirt provider's option, as its own CreateIT uses).
        hangar = GuestHangar.start(List.of(), Map.of(), "--option", "libvirt-virt-type=qemu");
    }

    @AfterAll
    static void stopHangar() throws Exception {
        if (hangar != null) {
            hangar.close();
        }
    }

    @BeforeEach
    void startBrowser() throws Exception {
        browser = Chromium.start();
    }

    @AfterEach
    void remove() throws Exception {
        try (Chromium b = browser; CreatedVm v = vm) {
            // closed in reverse order: the VM and its volume first, then the browser
        }
    }

    /** The tiny guest's kernel command line, as its domain template has it. */
    static String guestCmdline() throws Exception {
        String template = Files.readString(TinyGuest.DIR.resolve("domain-template.xml"));
        Matcher cmdline = CMDLINE.matcher(template);
        assertTrue(cmdline.find(), "no <cmdline> in " + TinyGuest.DIR.resolve("domain-template.xml"));
        return cmdline.group(1);
    }

    @Test
    void anOperatorCreatesTheTinyGuestAndSeesItRunning() throws Exception {
        String cmdline = guestCmdline();
        vm = new CreatedVm(GuestHangar.SYSTEM, "hangar-test-create-" + UUID.randomUUID().toString().substring(0, 8), POOL);

        CreateVmPage page = CreateVmPage.open(browser, hangar.url, GuestHangar.OPERATOR, hangar.password);
        page.name(vm.name()).memoryMiB(192).vcpus(1)
                .kernel(TinyGuest.DIR.resolve("vmlinuz").toString(), TinyGuest.DIR.resolve("initrd.img").toString(), cmdline)
                .newVolume(POOL, 1, "qcow2")
                .network(NETWORK)
                .start(true);
        browser.screenshot("create-vm-dialog");
        page.arm(vm.name());
        page.create();
        CreateVmPage.Timeline timeline = page.awaitRunning(Duration.ofMinutes(3));
        System.out.println("create dialog: " + timeline);
        assertNotNull(timeline.progress(), "the dialog showed no progress: " + timeline);
        assertTrue(timeline.values().stream().anyMatch(v -> !v.equals("indeterminate")),
                "the bar showed the task's fraction: " + timeline);
        assertNotNull(timeline.closed(), "the dialog did not close after the creation: " + timeline);
        assertEquals("", page.problems(), "the dialog said something went wrong");
        browser.screenshot("create-vm-running");

        assertEquals("running", vm.state());
        String xml = vm.dumpxml();
        assertTrue(xml.contains("<kernel>" + TinyGuest.DIR.resolve("vmlinuz") + "</kernel>"), xml);
        assertTrue(xml.contains("<initrd>" + TinyGuest.DIR.resolve("initrd.img") + "</initrd>"), xml);
        assertTrue(xml.contains("<cmdline>" + cmdline + "</cmdline>"), xml);
        assertTrue(xml.contains("<memory unit='KiB'>196608</memory>"), xml);
        assertTrue(Pattern.compile("<vcpu[^>]*>1</vcpu>").matcher(xml).find(), xml);
        assertTrue(Pattern.compile("<interface type='network'>[\\s\\S]*?<source network='" + NETWORK + "'")
                .matcher(xml).find(), "no NIC on " + NETWORK + ": " + xml);
        List<String> volumes = vm.volumes();
        assertEquals(1, volumes.size(), "the new VM's volumes in pool " + POOL + ": " + volumes);
        String volume = vm.virsh("vol-dumpxml", "--pool", POOL, volumes.get(0));
        assertTrue(volume.contains("<format type='qcow2'/>"), volume);
        assertTrue(volume.contains("<capacity unit='bytes'>1073741824</capacity>"), volume);
        String path = vm.virsh("vol-path", "--pool", POOL, volumes.get(0)).trim();
        assertTrue(xml.contains("<source file='" + path + "'") || xml.contains("<source pool='" + POOL + "'"),
                "the VM's disk is not the new volume " + path + ": " + xml);
    }

    @Test
    void aViewerHasNoCreateButton() throws Exception {
        Login.signIn(browser.driver, hangar.url, GuestHangar.VIEWER, hangar.password);
        browser.find("vaadin-grid.vm-grid");
        browser.awaitIdle();
        assertFalse(browser.driver.findElements(org.openqa.selenium.By.cssSelector("vaadin-button.create-vm-button"))
                .stream().anyMatch(org.openqa.selenium.WebElement::isDisplayed), "a viewer sees Create VM");
    }
}
