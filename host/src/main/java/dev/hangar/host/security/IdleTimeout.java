package dev.hangar.host.security;

import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.server.SynchronizedRequestHandler;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinSession;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Signs a session out after a time without user activity. Runs before Vaadin's own handlers on every
 * request of a session: a request other than Vaadin's heartbeat counts as activity; the first request
 * after the timeout closes the session (its UIs and their push with it), so the browser meets the
 * login page. The servlet session's own timeout cannot do this: heartbeats keep it alive.
 */
final class IdleTimeout extends SynchronizedRequestHandler {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(IdleTimeout.class.getName());
    private static final String LAST_ACTIVITY = IdleTimeout.class.getName() + ".lastActivity";

    private final long timeoutNanos;

    IdleTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public boolean synchronizedHandleRequest(VaadinSession session, VaadinRequest request, VaadinResponse response) {
        Actor actor = session.getAttribute(Actor.class);
        if (actor == null) {
            return false;
        }
        long now = System.nanoTime();
        Long last = (Long) session.getAttribute(LAST_ACTIVITY);
        if (last != null && now - last > timeoutNanos) {
            LOG.log(Level.INFO, "session of '" + actor.name() + "' ended after inactivity");
            session.setAttribute(Actor.class, null);
            session.getService().closeSession(session);
            return false;
        }
        if (last == null || !HandlerHelper.isRequestType(request, HandlerHelper.RequestType.HEARTBEAT)) {
            session.setAttribute(LAST_ACTIVITY, now);
        }
        return false;
    }
}
