package dev.hangar.host.security;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinSession;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The signed-in sessions of this host. At the start of every request of a signed-in session
 * ({@link SessionCheck}) the session is checked against its account as it is now: a changed role
 * applies to that request and every later one, a removed account, an administrator's "End sessions"
 * or a time without activity longer than {@code --session-timeout} ends the session. The servlet
 * session's own timeout cannot do the latter: Vaadin's heartbeats keep it alive.
 */
public final class Sessions {
    private static final Logger LOG = System.getLogger(Sessions.class.getName());

    /** A signed-in session as administrators see it. */
    public record Info(String user, Role role, String address, Instant since, Instant lastActivity) {
    }

    /** What is known of one session; fields change under its session's lock. */
    private static final class Entry {
        final Instant since;
        volatile Actor actor;
        volatile String address;
        volatile Instant lastActivity;

        Entry(Actor actor, Instant since) {
            this.actor = actor;
            this.address = actor.address();
            this.since = since;
            this.lastActivity = since;
        }

        Info info() {
            return new Info(actor.name(), actor.role(), address, since, lastActivity);
        }
    }

    private final Map<VaadinSession, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Function<String, Optional<Role>> accounts;
    private final Duration timeout;
    private final List<Consumer<VaadinSession>> endListeners = new CopyOnWriteArrayList<>();

    /**
     * @param accounts the role an account has now, empty when it no longer exists
     * @param timeout  the longest time without activity
     */
    public Sessions(Clock clock, Function<String, Optional<Role>> accounts, Duration timeout) {
        this.clock = clock;
        this.accounts = accounts;
        this.timeout = timeout;
    }

    /** Signs the Vaadin session in as {@code actor} and lists it here. */
    public void signIn(VaadinSession session, Actor actor) {
        new Access(session).signIn(actor);
        entries.put(session, new Entry(actor, clock.instant()));
    }

    /** The signed-in sessions, the most recently active first. */
    public List<Info> list() {
        return entries.values().stream().map(Entry::info)
                .sorted(Comparator.comparing(Info::lastActivity).reversed()).toList();
    }

    /**
     * The session's user with the role their account has now, while the session is listed here and
     * has not been inactive longer than the timeout; empty otherwise. For what a signed-in session
     * does outside Vaadin's requests (a console's websocket), where no request check runs; it needs
     * no session lock. A role that cannot be confirmed is no role.
     */
    public Optional<Actor> current(VaadinSession session) {
        Entry entry = entries.get(session);
        if (entry == null || Duration.between(entry.lastActivity, clock.instant()).compareTo(timeout) > 0) {
            return Optional.empty();
        }
        Actor actor = entry.actor;
        try {
            return accounts.apply(actor.name()).map(role -> new Actor(actor.name(), role, entry.address));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot look up the account '" + actor.name() + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The user did something in the session outside Vaadin's requests: typing in a console is
     * working, so it keeps the session from ending after inactivity as a click does.
     */
    public void active(VaadinSession session) {
        Entry entry = entries.get(session);
        if (entry != null) {
            entry.lastActivity = clock.instant();
        }
    }

    /**
     * Calls {@code listener} when a session ends or is unlisted (sign-out, "End sessions", inactivity,
     * a removed account), on the thread that ends it: what lives outside the session's requests (its
     * consoles) ends with it. The listener must not block.
     */
    public void onEnd(Consumer<VaadinSession> listener) {
        endListeners.add(listener);
    }

    private void ended(VaadinSession session) {
        for (Consumer<VaadinSession> listener : endListeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener of ended sessions failed: " + e.getMessage(), e);
            }
        }
    }

    /** Ends every session of the user now; returns how many there were. */
    public int endSessionsOf(String user) {
        int ended = 0;
        for (Map.Entry<VaadinSession, Entry> e : entries.entrySet()) {
            VaadinSession session = e.getKey();
            if (e.getValue().actor.name().equals(user) && entries.remove(session, e.getValue())) {
                // Unlisted, its next request ends it. Ending it now too, from a thread of its own: the
                // caller holds its own session's lock, and Vaadin refuses to lock a second one then.
                CompletableFuture.runAsync(() -> session.access(() -> end(session, "ended by an administrator")));
                ended(session);
                ended++;
            }
        }
        return ended;
    }

    /**
     * Checks every request of the service's sessions ({@link SessionCheck}) before Vaadin handles it,
     * and forgets the sessions Vaadin closes.
     */
    public void checkRequests(ServiceInitEvent event, ClientAddress clients) {
        event.addRequestHandler(new SessionCheck(this, clients));
        event.getSource().addSessionDestroyListener(e -> forget(e.getSession()));
    }

    /** Forgets a session that Vaadin or the servlet container closed. */
    void forget(VaadinSession session) {
        entries.remove(session);
        ended(session);
    }

    /**
     * Checks a session at the start of one of its requests, under its lock.
     *
     * @param activity whether the request is the user's (anything but a heartbeat)
     */
    void check(VaadinSession session, String address, boolean activity) {
        Actor actor = session.getAttribute(Actor.class);
        if (actor == null) {
            return;
        }
        Entry entry = entries.get(session);
        if (entry == null) {
            end(session, "ended by an administrator");
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(entry.lastActivity, now).compareTo(timeout) > 0) {
            end(session, "ended after inactivity");
            return;
        }
        Optional<Role> role;
        try {
            role = accounts.apply(actor.name());
        } catch (RuntimeException e) {
            // A role that cannot be confirmed is no role.
            LOG.log(Level.WARNING, "cannot look up the account '" + actor.name() + "': " + e.getMessage());
            role = Optional.empty();
        }
        if (role.isEmpty()) {
            end(session, "ended: the account no longer exists");
            return;
        }
        if (role.get() != actor.role()) {
            LOG.log(Level.INFO, "session of '" + actor.name() + "': role " + actor.role().id() + " is now " + role.get().id());
            entry.actor = new Actor(actor.name(), role.get(), actor.address());
            session.setAttribute(Actor.class, entry.actor);
            // Pages rendered for the old role reload with the new one's buttons.
            session.getUIs().forEach(ui -> ui.getPage().reload());
        }
        entry.address = address;
        if (activity) {
            entry.lastActivity = now;
        }
    }

    private void end(VaadinSession session, String why) {
        Actor actor = session.getAttribute(Actor.class);
        entries.remove(session);
        ended(session);
        if (actor == null) {
            return;
        }
        LOG.log(Level.INFO, "session of '" + actor.name() + "' " + why);
        session.setAttribute(Actor.class, null);
        session.getService().closeSession(session);
    }
}
