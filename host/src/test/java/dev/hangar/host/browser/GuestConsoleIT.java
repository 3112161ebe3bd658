package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.BrowserConsole;
import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.TinyGuest;
import dev.hangar.testsupport.VmConsolePage;
import dev.hangar.testsupport.Waiting;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The consoles of a real tiny guest (scripts/guest) on the real libvirtd, in headless Chromium against
 * the real distribution: an operator starts the VM on its page and works in its serial and graphical
 * consoles; a viewer gets none; a console held by {@code virsh console} is taken over; a guest flooding
 * its serial console leaves the page usable and the host's heap bounded. One host for the class (no test
 * changes anything of it another relies on); every test has a guest and a browser of its own, removed
 * even when it fails.
 */
class GuestConsoleIT {
    private static GuestHangar hangar;
    private TinyGuest guest;
    private Chromium browser;
    private Process holder;

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
        guest = TinyGuest.define(GuestHangar.SYSTEM, "console");
        browser = Chromium.start();
    }

    @AfterEach
    void removeGuest() throws Exception {
        try (TinyGuest g = guest; Chromium b = browser) {
            if (holder != null) {
                // Ends the `virsh console` this test started, by its own PID, and the script(1) around it.
                holder.descendants().forEach(ProcessHandle::destroy);
                holder.destroy();
                holder.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private VmConsolePage page(String user) {
        return VmConsolePage.open(browser, hangar.url, user, hangar.password, GuestHangar.SYSTEM, guest.name());
    }

    /** Starts the guest from its page and opens its serial console at once: the boot's output arrives live. */
    private BrowserConsole startAndOpenSerial(VmConsolePage page) {
        page.run(guest.name());
        BrowserConsole serial = page.serial();
        serial.awaitState("connected");
        serial.awaitText(TinyGuest.READY, TinyGuest.BOOT);
        return serial;
    }

    @Test
    void theSerialConsoleShowsTheBootAndATypedCommandsOutput() throws Exception {
        VmConsolePage page = page(GuestHangar.OPERATOR);
        BrowserConsole serial = startAndOpenSerial(page);
        serial.echoComesBack(Duration.ofSeconds(60));
        browser.screenshot("guest-console-serial");
    }

    @Test
    void theGraphicalConsoleShowsAFrameThatChangesWithTyping() throws Exception {
        VmConsolePage page = page(GuestHangar.OPERATOR);
        page.run(guest.name());
        guest.awaitLog(TinyGuest.READY, 1, TinyGuest.BOOT);
        BrowserConsole vnc = page.vnc();
        vnc.awaitState("connected");
        BrowserConsole.Frame before = vnc.awaitFrame(Chromium.WAIT);
        browser.screenshot("guest-console-vnc-before");
        // Twenty characters on the guest's text console light far more pixels than a blinking cursor does.
        vnc.type("xxxxxxxxxxxxxxxxxxxx");
        browser.wait(Chromium.WAIT).withMessage(() -> "the typed characters on the VNC frame; before " + before
                + ", now " + vnc.frame()).until(d -> {
                    BrowserConsole.Frame now = vnc.frame();
                    return now != null && now.hash() != before.hash() && now.lit() > before.lit() + 150;
                });
        browser.screenshot("guest-console-vnc");
    }

    @Test
    void sendKeyDeliversCtrlAltDelToTheGuest() throws Exception {
        VmConsolePage page = page(GuestHangar.OPERATOR);
        page.run(guest.name());
        guest.awaitLog(TinyGuest.READY, 1, TinyGuest.BOOT);
        BrowserConsole vnc = page.vnc();
        vnc.awaitState("connected");
        vnc.awaitFrame(Chromium.WAIT);
        assertEquals(0, TinyGuest.occurrences(guest.serialLog(), TinyGuest.CTRL_ALT_DEL));
        page.sendKey("ctrl-alt-del");
        guest.awaitLog(TinyGuest.CTRL_ALT_DEL, 1, Duration.ofSeconds(60));
    }

    @Test
    void theSerialConsoleComesBackAfterAReboot() throws Exception {
        VmConsolePage page = page(GuestHangar.OPERATOR);
        BrowserConsole serial = startAndOpenSerial(page);
        serial.forgetSeen();
        int states = serial.states().size();
        guest.virsh("reboot", guest.name());
        guest.awaitLog(TinyGuest.READY, 2, TinyGuest.BOOT.plus(Duration.ofSeconds(30)));
        // In the same terminal, without a reload: the second boot's marker, on a connected console.
        serial.awaitText(TinyGuest.READY, Chromium.WAIT);
        serial.awaitState("connected");
        serial.echoComesBack(Duration.ofSeconds(60));
        System.out.println("console states during the reboot: " + serial.states().subList(states, serial.states().size()));
        // The guest rebooted in the same QEMU: its serial port, and the quiet socket to it, stayed open throughout.
        assertTrue(serial.states().subList(states, serial.states().size()).stream().noneMatch(s -> "disconnected".equals(s.state())),
                "the console dropped during the reboot: " + serial.states().subList(states, serial.states().size()));

        // Stopped and started again (by someone else): the stream ends with the VM, and the page is back on a
        // connected console with the next boot's output, without a reload.
        guest.virsh("destroy", guest.name());
        browser.waitUntil("the page to say the VM is off", d -> browser.text().contains("Shut off"));
        serial.forgetSeen();
        guest.start();
        guest.awaitLog(TinyGuest.READY, 3, TinyGuest.BOOT);
        BrowserConsole again = page.serial();
        again.awaitState("connected");
        again.awaitText(TinyGuest.READY, Chromium.WAIT);
        again.echoComesBack(Duration.ofSeconds(60));
        System.out.println("console states after destroy and start: " + serial.states().subList(states, serial.states().size()));
    }

    @Test
    void aViewerSeesWhyThereIsNoConsole() throws Exception {
        guest.start();
        VmConsolePage.open(browser, hangar.url, GuestHangar.VIEWER, hangar.password, GuestHangar.SYSTEM, guest.name());
        // The area's explanation (ConsoleArea.VIEWER_TEXT), in the words a viewer reads.
        browser.awaitText("Only operators and administrators open consoles");
        browser.awaitIdle();
        assertFalse(BrowserConsole.serial(browser).present(), "a viewer got a serial console element");
        assertFalse(BrowserConsole.vnc(browser).present(), "a viewer got a VNC console element");
        browser.screenshot("guest-console-viewer");
    }

    @Test
    void aConsoleHeldByVirshIsSaidToBeTakenAndCanBeTakenOver() throws Exception {
        guest.start();
        guest.awaitLog(TinyGuest.READY, 1, TinyGuest.BOOT);
        File transcript = File.createTempFile("hangar-virsh-console", ".txt");
        transcript.deleteOnExit();
        // virsh console wants a terminal: script(1) gives it one, and its transcript says when it holds the console.
        holder = new ProcessBuilder("script", "-qfc", "virsh -c " + GuestHangar.SYSTEM + " console " + guest.name(),
                transcript.getPath()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Waiting.await("virsh console to hold the console of " + guest.name(), Duration.ofSeconds(60))
                .until(() -> java.nio.file.Files.readString(transcript.toPath()).contains("Connected to domain"));

        VmConsolePage page = page(GuestHangar.OPERATOR);
        BrowserConsole serial = page.serial();
        browser.waitUntil("the page to say the console is taken and offer Take over", d -> page.offersTakeOver());
        System.out.println("a held console, the page says: " + browser.find(".console-note").getText());
        assertTrue(serial.states().stream().anyMatch(s -> Long.valueOf(4409).equals(s.code())),
                "the element was refused with 4409: " + serial.states());
        browser.screenshot("guest-console-taken");
        page.takeOver();
        serial.awaitState("connected");
        serial.echoComesBack(Duration.ofSeconds(60));
        Waiting.await("virsh console to lose the console", Duration.ofSeconds(30)).until(() -> !holder.isAlive()
                || holder.descendants().noneMatch(p -> p.info().command().orElse("").endsWith("virsh")));
    }

    /**
     * The tiny guest's 16550 serial port moves some tens of KiB/s under TCG (30-80 KiB/s through Hangar and
     * Chromium here), so the flood is measured in MiB, not hundreds: while 2 MiB pass through, the host's
     * live heap may not grow by as much as passed (a host that kept the bytes it sent the browser, in any
     * form, would; the live heap's own noise here is some hundred KiB), nor by more than
     * {@value #HEAP_BOUND_MIB} MiB in all. The page must answer a click meanwhile; how fast is printed.
     */
    @Test
    void aFloodingGuestLeavesThePageUsableAndTheHeapBounded() throws Exception {
        VmConsolePage page = page(GuestHangar.OPERATOR);
        BrowserConsole serial = startAndOpenSerial(page);
        double heapBefore = hangar.heapAfterGcMiB();
        long start = guest.serialBytes();
        serial.type("yes HANGAR-FLOOD-0123456789-abcdefghijklmnopqrstuvwxyz", Keys.ENTER);
        long started = System.nanoTime();
        awaitFlooded(start + MIB / 2);
        serial.awaitText("HANGAR-FLOOD-0123456789", Chromium.WAIT);
        double heapFlooding = hangar.heapAfterGcMiB();
        long middle = guest.serialBytes();
        double firstRate = (middle - start) / 1024.0 / ((System.nanoTime() - started) / 1e9);
        long halfway = System.nanoTime();
        awaitFlooded(middle + 2 * MIB);
        double heapLater = hangar.heapAfterGcMiB();
        long passed = guest.serialBytes() - middle;
        double secondRate = passed / 1024.0 / ((System.nanoTime() - halfway) / 1e9);

        // Still usable while it floods: a subtab, which the server puts into the address (a round trip), timed.
        long clicked = System.nanoTime();
        page.clickNamed("the Network interfaces subtab", "Network interfaces", "vaadin-tabsheet.vm-tabs vaadin-tab");
        browser.waitUntil("Network interfaces selected and in the address while the guest floods",
                d -> d.findElements(By.cssSelector("vaadin-tabsheet.vm-tabs vaadin-tab[selected]")).stream()
                        .anyMatch(t -> t.getText().startsWith("Network interfaces"))
                        && String.valueOf(d.getCurrentUrl()).contains("tab=nics"));
        double clickMs = (System.nanoTime() - clicked) / 1e6;
        serial.awaitState("connected");
        System.out.printf("flood: %.1f MiB of serial output at %.0f then %.0f KiB/s; live heap %.1f → %.1f → %.1f MiB;"
                        + " a subtab click answered in %.0f ms while flooding%n", (guest.serialBytes() - start) / (double) MIB,
                firstRate, secondRate, heapBefore, heapFlooding, heapLater, clickMs);
        assertTrue(heapLater - heapFlooding < passed / (double) MIB, "the host's live heap grew by " + (heapLater - heapFlooding)
                + " MiB while " + passed / (double) MIB + " MiB passed through");
        assertTrue(heapLater - heapBefore < HEAP_BOUND_MIB, "the host's live heap grew by " + (heapLater - heapBefore) + " MiB");
        browser.screenshot("guest-console-flood");
    }

    private static final long MIB = 1024 * 1024;
    private static final long HEAP_BOUND_MIB = 32;

    private void awaitFlooded(long bytes) {
        Waiting.await("the guest's serial output to reach " + bytes / MIB + " MiB", Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500)).until(() -> guest.serialBytes() >= bytes);
    }
}
