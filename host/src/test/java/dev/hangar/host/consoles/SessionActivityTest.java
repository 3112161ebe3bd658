package dev.hangar.host.consoles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.Sessions;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console websocket asks of {@link Sessions} outside Vaadin's requests: who a session's user
 * is now (their account's role, while the session is listed and not idle), that console input keeps
 * the session alive, and word of a session's end.
 */
class SessionActivityTest {
    private final ManualClock clock = new ManualClock();
    private final AtomicReference<Optional<Role>> account = new AtomicReference<>(Optional.of(Role.OPERATOR));
    private final Sessions sessions = new Sessions(clock, name -> account.get(), Duration.ofMinutes(30));
    private VaadinSession session;

    @TempDir
    Path dir;
    private Hangar hangar;

    /** A mocked Vaadin session (Karibu's, which needs a Hangar in its servlet context), signed in to these Sessions. */
    @BeforeEach
    void signIn() throws Exception {
        hangar = TestHangar.startHangar(Files.createDirectories(dir.resolve("plugins")), dir.resolve("data"),
                clock, List.of("--auth", "file"));
        TestHangar.setupVaadin(hangar);
        session = VaadinSession.getCurrent();
        sessions.signIn(session, new Actor("olga", Role.OPERATOR, "127.0.0.1"));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
        hangar.close();
    }

    @Test
    void consoleInputKeepsTheSessionFromEndingAfterInactivity() {
        clock.advance(Duration.ofMinutes(20));
        sessions.active(session);
        clock.advance(Duration.ofMinutes(20));
        assertEquals(Optional.of(new Actor("olga", Role.OPERATOR, "127.0.0.1")), sessions.current(session));

        clock.advance(Duration.ofMinutes(11));
        assertEquals(Optional.empty(), sessions.current(session));
    }

    @Test
    void theCurrentUserHasTheAccountsRoleAsItIsNow() {
        account.set(Optional.of(Role.VIEWER));
        assertEquals(Role.VIEWER, sessions.current(session).orElseThrow().role());
        account.set(Optional.empty());
        assertTrue(sessions.current(session).isEmpty());
    }

    @Test
    void endingASessionIsAnnounced() {
        List<VaadinSession> ended = new CopyOnWriteArrayList<>();
        sessions.onEnd(ended::add);
        sessions.endSessionsOf("olga");
        assertEquals(List.of(session), ended);
        assertTrue(sessions.current(session).isEmpty());
    }
}
