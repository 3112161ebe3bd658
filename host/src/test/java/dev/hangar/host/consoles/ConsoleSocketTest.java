package dev.hangar.host.consoles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.consoles.ConsoleClient.Closed;
import dev.hangar.host.consoles.ConsoleHost.Browser;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.testsupport.Waiting;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console websocket against the real web server: every connect is checked (ticket, HTTP session,
 * sign-in, role, console, limit) before anything is opened, the streams carry bytes with bounded
 * buffers, and sessions, idle time and the provider end them; all audited.
 */
class ConsoleSocketTest {
    private ConsoleHost host;

    private ConsoleHost start(String... options) throws Exception {
        host = new ConsoleHost(options);
        return host;
    }

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    private static void assertClosed(int code, String reasonPart, Closed closed) {
        assertEquals(code, closed.code(), closed.toString());
        assertTrue(closed.reason().contains(reasonPart), closed.toString());
    }

    @Test
    void anAnonymousUpgradeIsRefusedAndOpensNothing() throws Exception {
        start();
        String address = host.signedIn("olga", Role.OPERATOR).address(TestProvider.SERIAL, false);
        Browser anonymous = host.anonymous();

        assertClosed(ConsoleHub.SIGNED_OUT, "Sign in", anonymous.connect(address).awaitClosed());
        assertClosed(ConsoleHub.NOT_FOUND, "not valid", anonymous.connect(ConsoleHub.PATH + "made-up-ticket").awaitClosed());

        assertEquals(0, host.provider.consoleOpens.get());
        AuditEntry refused = host.awaitAudit("console_open", AuditEntry.REFUSED);
        assertEquals(null, refused.user());
    }

    @Test
    void aViewerGetsNoAddressAndCannotUseAnOperatorsTicket() throws Exception {
        start();
        Browser viewer = host.signedIn("vera", Role.VIEWER);
        AccessDeniedException denied = assertThrows(AccessDeniedException.class, () -> viewer.address(TestProvider.SERIAL, false));
        assertEquals("Viewer 'vera' may not open the consoles of VM 'web1'", denied.getMessage());
        AuditEntry refused = host.awaitAudit("console_open", AuditEntry.REFUSED);
        assertEquals("vera", refused.user());
        assertEquals("vm:test/test:///ui/web1", refused.target());
        assertEquals(Map.of("console", TestProvider.SERIAL), refused.options());

        String operators = host.signedIn("olga", Role.OPERATOR).address(TestProvider.SERIAL, false);
        assertClosed(ConsoleHub.FORBIDDEN, "another session", viewer.connect(operators).awaitClosed());
        assertEquals(0, host.provider.consoleOpens.get());
        Waiting.await("the refusal audited as vera's").until(() -> host.audit().stream()
                .filter(e -> e.result().equals(AuditEntry.REFUSED)).count() == 2);
        assertEquals("vera", host.audit().get(1).user());
    }

    @Test
    void aPageOfAnotherSiteCannotUseTheConsoleEvenWithTheUsersCookieAndTicket() throws Exception {
        start();
        Browser olga = host.signedIn("olga", Role.OPERATOR);

        String address = olga.address(TestProvider.SERIAL, false);
        assertClosed(ConsoleHub.FORBIDDEN, "another site (http://evil.example)",
                olga.connect(address, true, "http://evil.example").awaitClosed());
        assertEquals(0, host.provider.consoleOpens.get());
        AuditEntry refused = host.awaitAudit("console_open", AuditEntry.REFUSED);
        assertEquals("olga", refused.user());

        String own = URI.create(host.server.url()).getRawAuthority();
        ConsoleClient same = olga.connect(olga.address(TestProvider.SERIAL, false), true, "http://" + own);
        Waiting.await("the console opened from the host's own page").until(() -> host.provider.consoleOpens.get() == 1);
        same.close();
    }

    @Test
    void aTicketUsedFromAnotherSessionOfAnOperatorIsRefused() throws Exception {
        start();
        String olgas = host.signedIn("olga", Role.OPERATOR).address(TestProvider.SERIAL, false);
        Browser otto = host.signedIn("otto", Role.OPERATOR);

        assertClosed(ConsoleHub.FORBIDDEN, "another session", otto.connect(olgas).awaitClosed());
        assertEquals(0, host.provider.consoleOpens.get());
    }

    @Test
    void theRoleIsCheckedAgainOnConnectAndWhileOpen() throws Exception {
        start();
        Browser olga = host.signedIn("olga", Role.OPERATOR);
        String address = olga.address(TestProvider.SERIAL, false);
        ConsoleClient open = olga.connect(address);
        open.awaitText(TestProvider.BANNER);

        host.usersFile().update("olga", null, Role.VIEWER);

        assertClosed(ConsoleHub.FORBIDDEN, "may no longer use consoles", open.awaitClosed());
        assertClosed(ConsoleHub.FORBIDDEN, "may not open consoles", olga.connect(address).awaitClosed());
        assertEquals(1, host.provider.consoleOpens.get());
    }

    @Test
    void signingOutClosesTheOpenConsoleAndItsAddressDies() throws Exception {
        start();
        Browser olga = host.signedIn("olga", Role.OPERATOR);
        String address = olga.address(TestProvider.SERIAL, false);
        ConsoleClient open = olga.connect(address);
        open.awaitText(TestProvider.BANNER);
        AuditEntry opened = host.awaitAudit("console_open", AuditEntry.OK);
        assertEquals(Map.of("console", TestProvider.SERIAL, "kind", "serial"), opened.options());
        assertEquals("olga", opened.user());

        olga.signOut();

        assertClosed(ConsoleHub.SIGNED_OUT, "session has ended", open.awaitClosed());
        Waiting.await("the shared stream closed with its last viewer").until(() -> host.provider.openConsoleStreams.get() == 0);
        AuditEntry closed = host.awaitAudit("console_close", AuditEntry.OK);
        assertEquals("olga", closed.user());
        assertEquals(ConsoleHub.SESSION_ENDED, closed.options().get("why"));
        assertEquals(0, ((Number) closed.options().get("seconds")).intValue());
        Closed again = olga.connect(address).awaitClosed();
        assertTrue(again.code() == ConsoleHub.NOT_FOUND || again.code() == ConsoleHub.SIGNED_OUT, again.toString());
        assertEquals(1, host.provider.consoleOpens.get());
    }

    @Test
    void aConsoleWithoutBytesForTheIdleTimeoutCloses() throws Exception {
        start("--console-idle-timeout", "1m");
        Browser olga = host.signedIn("olga", Role.OPERATOR);
        ConsoleClient open = olga.connect(olga.address(TestProvider.VNC, false));
        open.awaitText("RFB");

        host.clock.advance(Duration.ofSeconds(50));
        open.send("still here");
        open.awaitText("still here");
        host.clock.advance(Duration.ofSeconds(50));
        // 100 s since it opened, 50 s since the last bytes: still open.
        long sweeps = host.hangar.consoleGate().sweeps();
        Waiting.await("two checks of the open consoles").until(() -> host.hangar.consoleGate().sweeps() >= sweeps + 2);
        assertTrue(!open.closed.isDone(), String.valueOf(open.closed.getNow(null)));

        host.clock.advance(Duration.ofSeconds(11));
        assertClosed(ConsoleHub.IDLE, "after 1 minute without input or output", open.awaitClosed());
        assertEquals("The console was closed after 1 minute without input or output.",
                host.awaitAudit("console_close", AuditEntry.OK).options().get("why"));
    }

    @Test
    void aUserMayHaveOnlyTheGivenNumberOfConsoles() throws Exception {
        start("--max-consoles-per-user", "2");
        Browser olga = host.signedIn("olga", Role.OPERATOR);
        Browser olgasOtherBrowser = host.signedIn("olga", Role.OPERATOR);
        String vnc = olga.address(TestProvider.VNC, false);
        olga.connect(vnc).awaitText("RFB");
        olgasOtherBrowser.connect(olgasOtherBrowser.address(TestProvider.VNC, false)).awaitText("RFB");

        assertClosed(ConsoleHub.TOO_MANY, "You have 2 consoles open", olga.connect(vnc).awaitClosed());
        assertEquals(2, host.provider.consoleOpens.get());
        // Another user is not limited by olga's.
        Browser otto = host.signedIn("otto", Role.OPERATOR);
        otto.connect(otto.address(TestProvider.VNC, false)).awaitText("RFB");
    }

    @Test
    void twoViewersShareOneSerialStreamAndAreListed() throws Exception {
        start();
        AtomicReference<Map<ConsoleTarget, List<String>>> viewers = new AtomicReference<>();
        var subscription = host.hangar.consoleGate().viewers().subscribe(viewers::set);
        try {
            Browser olga = host.signedIn("olga", Role.OPERATOR);
            Browser ada = host.signedIn("ada", Role.ADMINISTRATOR);
            ConsoleClient first = olga.connect(olga.address(TestProvider.SERIAL, false));
            first.awaitText(TestProvider.BANNER);
            ConsoleClient second = ada.connect(ada.address(TestProvider.SERIAL, false));
            ConsoleTarget serial = new ConsoleTarget(host.vm.ref(), TestProvider.SERIAL);
            Waiting.await("both listed as viewers").until(() -> List.of("olga", "ada").equals(viewers.get().get(serial)));

            second.send("echo from ada\r\n");
            first.awaitText("echo from ada");
            second.awaitText("echo from ada");
            assertEquals(1, host.provider.consoleOpens.get());

            first.close();
            Waiting.await("olga gone from the viewers").until(() -> List.of("ada").equals(viewers.get().get(serial)));
            assertEquals(1, host.provider.openConsoleStreams.get());
            second.close();
            Waiting.await("no viewers").until(() -> viewers.get().isEmpty());
            Waiting.await("the shared stream closed with its last viewer").until(() -> host.provider.openConsoleStreams.get() == 0);
            assertTrue(host.audit().stream().filter(e -> e.verb().equals("console_close")).allMatch(
                    e -> String.valueOf(e.options().get("why")).startsWith("closed by the browser")), host.audit().toString());
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void aViewerThatDoesNotReadLosesOutputWhileTheHostStaysBoundedAndTheOtherGoesOn() throws Exception {
        start();
        host.provider.consoleFlood = true;
        Browser olga = host.signedIn("olga", Role.OPERATOR);
        Browser slow = host.signedIn("sam", Role.OPERATOR);
        ConsoleClient reading = olga.connect(olga.address(TestProvider.SERIAL, false));
        reading.awaitText("flooding line");
        ConsoleClient stalled = slow.connect(slow.address(TestProvider.SERIAL, false), false);

        long bound = 2L * ConsoleHub.VIEWER_BUFFER;
        long[] most = {0};
        Waiting.await("64 MiB of flood read from the console", Duration.ofSeconds(120)).until(() -> {
            most[0] = Math.max(most[0], host.hangar.consoleGate().held());
            return host.provider.consoleBytesRead.get() > 64L << 20;
        });
        assertTrue(most[0] <= bound, "held " + most[0] + " bytes for browsers, more than " + bound);
        assertTrue(reading.received.get() > 8L << 20, "the reading viewer got only " + reading.received.get());
        long beforeReading = reading.received.get();
        Waiting.await("the reading viewer to go on").until(() -> reading.received.get() > beforeReading + (4 << 20));

        stalled.startReading();
        Waiting.await("a notice of skipped output").until(() -> stalled.notices.stream()
                .anyMatch(n -> n.startsWith("{\"type\":\"notice\",\"text\":\"") && n.contains("bytes of output were skipped")));
        assertEquals(1, host.provider.consoleOpens.get());
    }

    @Test
    void aVncStreamIsReadOnlyAsFastAsItsBrowserTakesIt() throws Exception {
        start();
        host.provider.consoleFlood = true;
        Browser olga = host.signedIn("olga", Role.OPERATOR);
        ConsoleClient stalled = olga.connect(olga.address(TestProvider.VNC, false), false);

        // Once the sockets' buffers are full, the host stops reading the guest: nothing is dropped or held.
        long[] last = {-1};
        Waiting.await("reading the VNC stream to stop", Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long read = host.provider.consoleBytesRead.get();
            boolean stopped = read > 0 && read == last[0];
            last[0] = read;
            return stopped;
        });
        assertTrue(host.hangar.consoleGate().held() <= ConsoleHub.FRAME, "held " + host.hangar.consoleGate().held());

        stalled.startReading();
        Waiting.await("the stream to go on once the browser reads").until(() -> stalled.received.get() > last[0]);
        assertTrue(stalled.notices.isEmpty(), stalled.notices.toString());
    }

    @Test
    void aBusyConsoleIsRefusedUntilTakenOver() throws Exception {
        start();
        host.provider.consoleBusy = "Another client (virsh console) holds this console.";
        Browser olga = host.signedIn("olga", Role.OPERATOR);

        assertClosed(ConsoleHub.BUSY, "virsh console", olga.connect(olga.address(TestProvider.SERIAL, false)).awaitClosed());
        AuditEntry failed = host.awaitAudit("console_open", AuditEntry.FAILED);
        assertEquals("Another client (virsh console) holds this console.", failed.message());

        ConsoleClient taken = olga.connect(olga.address(TestProvider.SERIAL, true));
        taken.awaitText(TestProvider.BANNER);
        assertEquals(List.of("open console serial0 of web1", "open console serial0 of web1 (take over)"),
                host.provider.calls.stream().filter(c -> c.startsWith("open console")).toList());
        assertEquals(true, host.awaitAudit("console_open", AuditEntry.OK).options().get("take_over"));
    }

    @Test
    void aProvidersFailureCloses4500AndAnErrorDisablesIt() throws Exception {
        start();
        Browser olga = host.signedIn("olga", Role.OPERATOR);
        host.provider.consoleFailure = new IllegalStateException("the engine lost the console");
        assertClosed(ConsoleHub.FAILED, "the engine lost the console",
                olga.connect(olga.address(TestProvider.SERIAL, false)).awaitClosed());
        assertTrue(host.hangar.providers().get("test").isPresent());

        host.provider.consoleFailure = new LinkageError("a class of the plugin is missing");
        assertClosed(ConsoleHub.FAILED, "a class of the plugin is missing",
                olga.connect(olga.address(TestProvider.VNC, false)).awaitClosed());
        Waiting.await("the provider disabled").until(() -> host.hangar.providers().get("test").isEmpty());
        // Now it has no consoles to offer at all.
        assertClosed(ConsoleHub.NOT_FOUND, "not active", olga.connect(olga.address(TestProvider.VNC, false)).awaitClosed());
    }
}
