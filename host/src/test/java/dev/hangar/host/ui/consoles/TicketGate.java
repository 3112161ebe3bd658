package dev.hangar.host.ui.consoles;

import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.consoles.ConsoleGate;
import dev.hangar.host.consoles.ConsoleTarget;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Permission;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page's side of the console gate for the mocked UI, which has no websocket: it checks the
 * session's role as the host's gate does, hands out numbered addresses and records what was asked;
 * who is connected is set by the test.
 */
public final class TicketGate implements ConsoleGate {
    public final List<String> asked = new CopyOnWriteArrayList<>();
    public final BehaviorSubject<Map<ConsoleTarget, List<String>>> connected = BehaviorSubject.createDefault(Map.of());
    private final AtomicInteger tickets = new AtomicInteger();

    @Override
    public String address(VaadinSession session, ConsoleTarget target, boolean takeOver) {
        Access access = new Access(session);
        if (!access.may(Permission.CONSOLE)) {
            throw new AccessDeniedException("User '" + access.userName() + "' may not open consoles");
        }
        asked.add(target.vm().name() + "/" + target.consoleId() + (takeOver ? " (take over)" : ""));
        return "/consoles/ws/ticket-" + tickets.incrementAndGet();
    }

    @Override
    public Observable<Map<ConsoleTarget, List<String>>> viewers() {
        return connected;
    }
}
