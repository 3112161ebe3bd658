package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Folders;
import dev.hangar.testsupport.TinyGuest;
import dev.hangar.testsupport.VmConsolePage;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Two of a VM's device changes in headless Chromium against the real distribution on the real libvirtd,
 * each checked with virsh, not only in the page: an operator unplugs a running tiny guest's NIC and
 * plugs it again ({@code virsh domif-getlink}), and inserts a small ISO (made here with genisoimage into
 * a temporary file) into its CD-ROM drive and ejects it ({@code virsh dumpxml}). The guest gets its NIC
 * (on the test network {@value #NETWORK}) and its empty CD-ROM drive with virsh before it starts, as an
 * operator would have defined it.
 */
class DevicesEditIT {
    static final String NETWORK = "isolated";
    private static final Duration CHANGE = Duration.ofSeconds(60);
    private static GuestHangar hangar;
    private TinyGuest guest;
    private Chromium browser;
    private Path media;

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
        guest = TinyGuest.define(GuestHangar.SYSTEM, "devices");
        browser = Chromium.start();
        guest.virsh("attach-interface", guest.name(), "network", NETWORK, "--model", "virtio", "--config");
        Path drive = Files.createTempFile("hangar-test-cdrom", ".xml");
        try {
            // IDE: the tiny guest's machine is i440fx ('pc'), whose CD-ROM drives sit on its IDE bus.
            Files.writeString(drive, "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
                    + "<target dev='hdc' bus='ide'/><readonly/></disk>");
            guest.virsh("attach-device", guest.name(), drive.toString(), "--config");
        } finally {
            Files.deleteIfExists(drive);
        }
        guest.start();
    }

    @AfterEach
    void removeGuest() throws Exception {
        try (TinyGuest g = guest; Chromium b = browser) {
            if (media != null) {
                Files.deleteIfExists(media);
            }
        }
    }

    /** The guest's page as the operator, on the subtab of that label. */
    private VmConsolePage subtab(String label) {
        VmConsolePage page = VmConsolePage.open(browser, hangar.url, GuestHangar.OPERATOR, hangar.password,
                GuestHangar.SYSTEM, guest.name());
        browser.waitUntil("the page to say the VM runs", d -> browser.text().contains("Running"));
        page.clickNamed("the " + label + " subtab", label, "vaadin-tabsheet.vm-tabs vaadin-tab");
        return page;
    }

    /** The MAC address libvirt gave the guest's one NIC. */
    private String mac() {
        Matcher mac = Pattern.compile("<mac address='([0-9a-f:]{17})'/>").matcher(guest.virsh("dumpxml", guest.name()));
        assertTrue(mac.find(), "the guest has a NIC");
        return mac.group(1);
    }

    /** What {@code virsh domif-getlink} says of the NIC: "up" or "down". */
    private String link(String mac) {
        String[] words = guest.virsh("domif-getlink", guest.name(), mac).strip().split("\\s+");
        return words[words.length - 1].toLowerCase(Locale.ROOT);
    }

    private void awaitLink(String mac, String state) {
        Waiting.await("virsh domif-getlink to say " + state + " for " + mac, CHANGE)
                .pollInterval(Duration.ofMillis(250)).until(() -> link(mac).equals(state));
    }

    /** The note beside the table once it says how the change ended (not while it runs). */
    private String note(String tab) {
        WebElement note = browser.wait(CHANGE).withMessage(() -> "the change's note; the page shows: " + browser.text())
                .until(d -> d.findElements(By.cssSelector(tab + " .device-change-note")).stream()
                        .filter(n -> n.isDisplayed() && !"running".equals(n.getAttribute("data-state")))
                        .findFirst().orElse(null));
        return note.getText();
    }

    @Test
    void anOperatorUnplugsAndPlugsTheNicOfARunningVm() throws Exception {
        String mac = mac();
        assertEquals("up", link(mac), "a new NIC's link is up");
        VmConsolePage page = subtab("Network interfaces");

        page.clickNamed("the NIC's row", mac, "vaadin-grid.nic-grid vaadin-grid-cell-content");
        page.clickNamed("Unplug of " + mac, "Unplug", "vaadin-button.nic-unplug");
        awaitLink(mac, "down");
        browser.awaitText("Unplug NIC " + mac + ": applied live");
        String unplugged = note(".nics-tab");
        assertFalse(unplugged.contains("failed"), unplugged);
        browser.screenshot("devices-edit-nic-unplugged");

        // The page learnt the link state from libvirt: the NIC, still selected, offers Plug now.
        page.clickNamed("Plug of " + mac, "Plug", "vaadin-button.nic-plug");
        awaitLink(mac, "up");
        browser.awaitText("Plug NIC " + mac + ": applied live");
        browser.find("vaadin-button.nic-unplug");
    }

    @Test
    void anOperatorInsertsAndEjectsACdromMediumOfARunningVm() throws Exception {
        media = iso();
        assertFalse(cdromSource().contains(media.toString()), "the drive starts empty");
        VmConsolePage page = subtab("Disks");

        page.clickNamed("the CD-ROM drive's row", "hdc", "vaadin-grid.disk-grid vaadin-grid-cell-content");
        page.clickNamed("Insert media of hdc", "Insert media", "vaadin-button.disk-insert-media");
        page.clickNamed("the file way of the media dialog", "File on the host", ".media-source vaadin-radio-button");
        WebElement path = browser.find("vaadin-text-field.media-path input");
        path.sendKeys(media.toString());
        page.clickNamed("Insert in the media dialog", "Insert", "vaadin-button.device-dialog-confirm");
        Waiting.await("virsh dumpxml to show " + media + " in hdc", CHANGE).pollInterval(Duration.ofMillis(250))
                .until(() -> cdromSource().contains("<source file='" + media + "'"));
        browser.awaitText("Insert media into hdc: applied live");
        // The table shows the medium as libvirt has it.
        browser.awaitText(media.toString());
        browser.screenshot("devices-edit-media-inserted");

        page.clickNamed("Eject of hdc", "Eject", "vaadin-button.disk-eject");
        // The page's note first: when the change failed, the failure shows what libvirt said.
        browser.awaitText("Eject the medium of hdc: applied live");
        Waiting.await("virsh dumpxml to show hdc empty", CHANGE).pollInterval(Duration.ofMillis(250))
                .until(() -> !cdromSource().contains("<source file="));
    }

    /**
     * The live domain XML's CD-ROM drive element (hdc), from its {@code <disk} to its {@code </disk>}. An
     * empty running drive keeps a {@code <source index='N'/>} without a file.
     */
    private String cdromSource() {
        String xml = guest.virsh("dumpxml", guest.name());
        for (String disk : xml.split("</disk>")) {
            if (disk.contains("dev='hdc'")) {
                return disk.substring(disk.lastIndexOf("<disk"));
            }
        }
        throw new AssertionError("the guest has no CD-ROM drive hdc: " + xml);
    }

    /** A small ISO 9660 image with one file, made with genisoimage (or xorriso) into a temporary file. */
    private static Path iso() throws IOException, InterruptedException {
        Path content = Files.createTempDirectory("hangar-test-media");
        Path image = Files.createTempFile("hangar-test-media", ".iso");
        try {
            Files.writeString(content.resolve("README.TXT"), "Hangar's CD-ROM test medium\n");
            List<String> command;
            if (Files.isExecutable(Path.of("/usr/bin/genisoimage"))) {
                command = List.of("genisoimage", "-quiet", "-V", "HANGARTEST", "-o", image.toString(), content.toString());
            } else if (Files.isExecutable(Path.of("/usr/bin/xorriso"))) {
                command = List.of("xorriso", "-as", "mkisofs", "-quiet", "-V", "HANGARTEST", "-o", image.toString(),
                        content.toString());
            } else {
                throw new AssertionError("Making the test ISO needs genisoimage or xorriso (apt-get install genisoimage)");
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || Files.size(image) == 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return image;
        } catch (IOException | InterruptedException | AssertionError | RuntimeException e) {
            Files.deleteIfExists(image);
            throw e;
        } finally {
            Folders.delete(content);
        }
    }
}
