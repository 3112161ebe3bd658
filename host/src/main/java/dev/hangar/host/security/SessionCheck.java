package dev.hangar.host.security;

import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.server.SynchronizedRequestHandler;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Runs before Vaadin's own handlers on every request of a session: notes the client's address for
 * the sign-in and the audit ({@link Access#address()}), then lets {@link Sessions} check a
 * signed-in session against its account, its activity and its administrators, so that whatever the
 * request does is done with the role the user has now.
 */
final class SessionCheck extends SynchronizedRequestHandler {
    private static final long serialVersionUID = 1L;

    private final transient Sessions sessions;
    private final transient ClientAddress clients;

    SessionCheck(Sessions sessions, ClientAddress clients) {
        this.sessions = sessions;
        this.clients = clients;
    }

    @Override
    public boolean synchronizedHandleRequest(VaadinSession session, VaadinRequest request, VaadinResponse response) {
        Enumeration<String> forwarded = request.getHeaders(ClientAddress.FORWARDED_FOR);
        String address = clients.of(request.getRemoteAddr(), forwarded == null ? List.of() : Collections.list(forwarded));
        session.setAttribute(Access.CLIENT_ADDRESS, address);
        sessions.check(session, address, !HandlerHelper.isRequestType(request, HandlerHelper.RequestType.HEARTBEAT));
        return false;
    }
}
