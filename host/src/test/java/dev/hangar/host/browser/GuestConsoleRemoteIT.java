package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.BrowserConsole;
import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.ExtraHosts;
import dev.hangar.testsupport.TinyGuest;
import dev.hangar.testsupport.VmConsolePage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The serial console of a guest on another libvirt host (an extra host of scripts/test-env.sh: a
 * libvirtd in a network namespace of its own, reached as qemu+tcp), in Chromium: its bytes travel
 * over Hangar's connection to that host, since no port of that host is reachable from the browser.
 */
class GuestConsoleRemoteIT {
    @Test
    void theSerialConsoleOfAGuestOnAnotherHostWorksThroughTheHostConnection() throws Exception {
        ExtraHosts.Host remote = ExtraHosts.require();
        assertTrue(remote.uri().startsWith("qemu+tcp://"), remote.uri());
        try (GuestHangar hangar = GuestHangar.start(List.of(remote.uri()), Map.of());
             TinyGuest guest = TinyGuest.define(remote.uri(), "remote-console");
             Chromium browser = Chromium.start()) {
            VmConsolePage page = VmConsolePage.open(browser, hangar.url, GuestHangar.OPERATOR, hangar.password,
                    remote.uri(), guest.name());
            page.run(guest.name());
            BrowserConsole serial = page.serial();
            serial.awaitState("connected");
            serial.awaitText(TinyGuest.READY, TinyGuest.BOOT);
            String output = serial.echoComesBack(Duration.ofSeconds(60));
            // The guest really ran on the other host: the log its libvirt keeps has the command's output too.
            guest.awaitLog(output, 1, Duration.ofSeconds(30));
            browser.screenshot("guest-console-remote");
        }
    }
}
