package dev.hangar.host.consoles;

import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.security.AccessDeniedException;
import io.reactivex.rxjava3.core.Observable;
import java.util.List;
import java.util.Map;

/**
 * What the VM page needs of the host's console sessions: the address a browser's console connects to,
 * and who is connected to which console. The websocket behind that address checks the session, its
 * user's role and the console again on every connect, carries the bytes and audits each session.
 */
public interface ConsoleGate {

    /**
     * A websocket path on this host ({@code /consoles/ws/<ticket>}) for {@code target}, usable by this
     * signed-in Vaadin session's browser (same HTTP session) for as long as the session lasts and its
     * user may open consoles; reconnects use it again.
     *
     * @param takeOver take the console from another client that holds it (see {@code ConsoleBusyException})
     * @throws AccessDeniedException when the session's user may not open consoles (audited as refused)
     */
    String address(VaadinSession session, ConsoleTarget target, boolean takeOver);

    /** The names of the users connected to each console now, one entry per connection; live. */
    Observable<Map<ConsoleTarget, List<String>>> viewers();
}
