package dev.hangar.host.consoles;

import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.Sessions;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.audit.AuditLog;
import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleBusyException;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.vm.VmRef;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's console sessions ({@link ConsoleGate}): tickets for the VM page, and behind the websocket
 * ({@link ConsoleSocket}) the checks of every connect, the provider streams and who watches them.
 * <ul>
 * <li>A ticket is bound to one signed-in Vaadin session and its HTTP session, a console and whether to
 * take it over; it dies with the session. Every connect checks it all again, and the session's user's
 * role as their account has it now, before the provider is asked for anything; a refused connection
 * opens nothing.</li>
 * <li>A serial console has one provider stream shared by all its viewers, each with a bounded buffer
 * ({@link #VIEWER_BUFFER}); a VNC console one stream per viewer, read only as fast as its browser takes
 * it. Input goes to the guest through a bounded queue ({@link Pipe}).</li>
 * <li>A console without bytes either way for {@code --console-idle-timeout} closes, and so do a session's
 * consoles when it ends, its user's role no longer allows consoles or the account is gone.</li>
 * <li>Every refusal, open and close is in the audit log: {@code console_open} (ok, refused, failed) and
 * {@code console_close} with its duration and why.</li>
 * </ul>
 */
public final class ConsoleHub implements ConsoleGate, AutoCloseable {
    private static final Logger LOG = System.getLogger(ConsoleHub.class.getName());
    /** Where the websocket is served; a ticket follows. */
    public static final String PATH = "/consoles/ws/";
    /** Output held for one viewer of a serial console at most; beyond it the viewer loses output. */
    static final int VIEWER_BUFFER = 256 * 1024;
    /** The most bytes of one frame to the browser, and of one read from a provider stream. */
    static final int FRAME = 16 * 1024;
    /** The largest message a browser may send (keystrokes, pointer events, a paste). */
    static final int MAX_INPUT_MESSAGE = 64 * 1024;
    /** How often open consoles are checked against their sessions and the idle timeout. */
    static final Duration SWEEP = Duration.ofMillis(500);

    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int SIGNED_OUT = 4401;
    static final int FORBIDDEN = 4403;
    static final int NOT_FOUND = 4404;
    static final int IDLE = 4408;
    static final int BUSY = 4409;
    static final int ENDED = 4410;
    static final int TOO_MANY = 4429;
    static final int FAILED = 4500;

    static final String SESSION_ENDED = "Your session has ended: sign in again to use the console.";

    /** What a console address stands for. */
    record Ticket(String id, VaadinSession session, String httpSessionId, ConsoleTarget target, boolean takeOver) {
    }

    /**
     * What the upgrade request said: its HTTP session (null without one), who that session's user is now
     * (null: nobody), and the page's origin when it is not this host's (null when it is, or when the
     * client sent none: only browsers do, and a page of another site must not reach a console).
     */
    record Handshake(String httpSessionId, Actor requester, String foreignOrigin) {
    }

    /** A connect refused or failed with a close code; the message is for people. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;
        final String result;

        Refused(int code, String result, String message) {
            super(message, null, false, false);
            this.code = code;
            this.result = result;
        }
    }

    private final ProviderRegistry providers;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final int maxPerUser;
    private final Duration idleTimeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Under the lock: the connections being opened or open. */
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Under the lock: the shared stream of each serial console being opened or open. */
    private final Map<ConsoleTarget, CompletableFuture<Pipe>> serials = new HashMap<>();
    private final BehaviorSubject<Map<ConsoleTarget, List<String>>> viewers = BehaviorSubject.createDefault(Map.of());
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong sweeps = new AtomicLong();
    /** Numbers connections in the order they came, which is the order viewers are listed in. */
    private final AtomicLong numbers = new AtomicLong();
    private final ScheduledExecutorService sweeper;
    /** Closes sockets and provider streams, which may block (a browser that does not read, plugin code). */
    private final ExecutorService closer;

    /**
     * @param maxPerUser  how many consoles one user may have open at once ({@code --max-consoles-per-user})
     * @param idleTimeout how long a console may pass no bytes ({@code --console-idle-timeout}), on {@code clock}
     */
    public ConsoleHub(ProviderRegistry providers, Sessions sessions, AuditLog audit, Clock clock, int maxPerUser,
            Duration idleTimeout) {
        this.providers = providers;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.maxPerUser = maxPerUser;
        this.idleTimeout = idleTimeout;
        AtomicInteger count = new AtomicInteger();
        this.closer = Executors.newCachedThreadPool(r -> daemon(r, "hangar-console-close-" + count.incrementAndGet()));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hangar-console-sweep"));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        sessions.onEnd(this::sessionEnded);
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String address(VaadinSession session, ConsoleTarget target, boolean takeOver) {
        Actor actor = new Access(session).actor().orElse(null);
        if (actor == null || !actor.may(Permission.CONSOLE)) {
            String message = who(actor) + " may not open the consoles of VM '" + target.vm().name() + "'";
            record(actor, target, null, takeOver, AuditEntry.REFUSED, message);
            throw new AccessDeniedException(message);
        }
        String httpSession = session.getSession().getId();
        Ticket ticket = tickets.values().stream()
                .filter(t -> t.session() == session && t.httpSessionId().equals(httpSession)
                        && t.target().equals(target) && t.takeOver() == takeOver)
                .findFirst().orElseGet(() -> {
                    byte[] secret = new byte[32];
                    random.nextBytes(secret);
                    Ticket made = new Ticket(Base64.getUrlEncoder().withoutPadding().encodeToString(secret), session,
                            httpSession, target, takeOver);
                    tickets.put(made.id(), made);
                    return made;
                });
        return PATH + ticket.id();
    }

    @Override
    public Observable<Map<ConsoleTarget, List<String>>> viewers() {
        return viewers.hide();
    }

    /** The bytes held for browsers now, in all viewers' buffers: bounded however slow they are. */
    long held() {
        return held.get();
    }

    /** How many times the open consoles were checked: what waits for a check waits for this to grow. */
    long sweeps() {
        return sweeps.get();
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * How long the web server may let a console's socket pass nothing before it drops it: past this
     * hub's own idle timeout, which ends a quiet console first, with its 4408 and a reason. (Jetty's
     * default, 30 s, dropped every quiet serial console with 1001, and the browser reconnected.)
     */
    Duration socketIdleTimeout() {
        return idleTimeout.plusMinutes(1);
    }

    /**
     * What an upgrade request says: its HTTP session's ({@code HandshakeRequest.getHttpSession()}) id and
     * who is signed in to it now, and whether its {@code Origin} is another site than its {@code Host}.
     */
    Handshake handshake(Object session, String origin, String host) {
        String foreign = origin == null || sameSite(origin, host) ? null : origin;
        if (!(session instanceof HttpSession http)) {
            return new Handshake(null, null, foreign);
        }
        try {
            Actor requester = VaadinSession.getAllSessions(http).stream().map(sessions::current)
                    .flatMap(Optional::stream).findFirst().orElse(null);
            return new Handshake(http.getId(), requester, foreign);
        } catch (IllegalStateException invalidated) {
            return new Handshake(null, null, foreign);
        }
    }

    /** A header's value for a message: a hostile one could be long. */
    private static String clipped(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }

    /** Whether an {@code Origin} ("http://kvm-3:9090") names the {@code Host} ("kvm-3:9090") the socket was asked of. */
    private static boolean sameSite(String origin, String host) {
        try {
            String authority = java.net.URI.create(origin.strip()).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException notAUri) {
            return false;  // "null" from a sandboxed frame, or garbage
        }
    }

    /**
     * A websocket connected with {@code ticketId}: checks it all, then opens the console or joins its
     * shared stream; refuses (closing the socket with the code) otherwise, without calling the provider's
     * {@code open}. Completes with the connection once it is open.
     */
    CompletionStage<Connection> connect(Session socket, String ticketId, Handshake handshake) {
        Ticket ticket = ticketId == null ? null : tickets.get(ticketId);
        Actor requester = handshake.requester();
        try {
            if (ticket == null) {
                throw new Refused(NOT_FOUND, AuditEntry.REFUSED, "This console address is not valid (any more): open the console again.");
            }
            if (handshake.foreignOrigin() != null) {
                throw new Refused(FORBIDDEN, AuditEntry.REFUSED, "A page of another site ("
                        + clipped(handshake.foreignOrigin()) + ") may not open this console.");
            }
            if (handshake.httpSessionId() == null) {
                throw new Refused(SIGNED_OUT, AuditEntry.REFUSED, "Sign in to use the console.");
            }
            if (!ticket.httpSessionId().equals(handshake.httpSessionId())) {
                throw new Refused(FORBIDDEN, AuditEntry.REFUSED, "This console address belongs to another session.");
            }
            Actor actor = sessions.current(ticket.session()).orElse(null);
            if (actor == null) {
                throw new Refused(SIGNED_OUT, AuditEntry.REFUSED, SESSION_ENDED);
            }
            requester = actor;
            if (!actor.may(Permission.CONSOLE)) {
                throw new Refused(FORBIDDEN, AuditEntry.REFUSED, who(actor) + " may not open consoles.");
            }
            VmRef vm = ticket.target().vm();
            if (providers.capability(vm.provider(), Consoles.class).isEmpty()) {
                throw new Refused(NOT_FOUND, AuditEntry.REFUSED,
                        "Provider '" + vm.provider() + "' is not active or offers no consoles.");
            }
            Actor user = actor;
            return providers.call(vm.provider(), Consoles.class, "the consoles of VM '" + vm.name() + "'",
                            consoles -> consoles.consoles(vm))
                    .thenCompose(list -> open(socket, ticket, user, list))
                    .whenComplete((connection, error) -> {
                        if (error != null) {
                            refuse(socket, user, ticket, error);
                        }
                    });
        } catch (Refused refused) {
            refuse(socket, requester, ticket, refused);
            return CompletableFuture.failedFuture(refused);
        }
    }

    private CompletionStage<Connection> open(Session socket, Ticket ticket, Actor actor, List<Console> list) {
        ConsoleTarget target = ticket.target();
        Console console = list.stream().filter(c -> c.id().equals(target.consoleId())).findFirst()
                .orElseThrow(() -> new Refused(NOT_FOUND, AuditEntry.REFUSED,
                        "VM '" + target.vm().name() + "' has no console '" + target.consoleId() + "'."));
        if (!console.isAvailable()) {
            throw new Refused(NOT_FOUND, AuditEntry.REFUSED, console.unavailable());
        }
        if (console.kind() == ConsoleKind.SPICE) {
            throw new Refused(NOT_FOUND, AuditEntry.REFUSED, "A SPICE console is not shown in the browser: open it with remote-viewer.");
        }
        boolean shared = console.kind() == ConsoleKind.SERIAL;
        Connection connection = new Connection(this, numbers.incrementAndGet(), socket, ticket, actor, console,
                shared ? VIEWER_BUFFER : FRAME, held, clock.instant());
        CompletableFuture<Pipe> pipe;
        synchronized (lock) {
            long mine = connections.stream().filter(c -> c.actor.name().equals(actor.name())).count();
            if (mine >= maxPerUser) {
                throw new Refused(TOO_MANY, AuditEntry.REFUSED, "You have " + mine + " consoles open, the most one user may"
                        + " have: close one of them first.");
            }
            connections.add(connection);
            pipe = shared ? serials.get(target) : null;
            if (pipe == null) {
                pipe = openPipe(ticket, shared);
                if (shared) {
                    // Put first: a stream that failed at once must not stay behind for the next viewers.
                    CompletableFuture<Pipe> opening = pipe;
                    serials.put(target, opening);
                    opening.whenComplete((opened, error) -> {
                        if (error != null) {
                            synchronized (lock) {
                                serials.remove(target, opening);
                            }
                        }
                    });
                }
            }
        }
        return pipe.handle((opened, error) -> {
            if (error != null) {
                synchronized (lock) {
                    connections.remove(connection);
                }
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            return attach(connection, opened);
        });
    }

    /** Opens the provider's stream: the only call of {@code open}. */
    private CompletableFuture<Pipe> openPipe(Ticket ticket, boolean shared) {
        ConsoleTarget target = ticket.target();
        VmRef vm = target.vm();
        return providers.call(vm.provider(), Consoles.class,
                        "opening console '" + target.consoleId() + "' of VM '" + vm.name() + "'",
                        consoles -> consoles.open(vm, target.consoleId(), ticket.takeOver()))
                .thenApply(stream -> {
                    if (stream == null) {
                        throw new IllegalStateException("the provider returned no console stream");
                    }
                    return new Pipe(target, stream, shared, FRAME, this::pipeEnded, this::later);
                })
                .toCompletableFuture();
    }

    private Connection attach(Connection connection, Pipe pipe) {
        synchronized (lock) {
            if (connection.closed.get() || !connection.socket.isOpen()) {
                connections.remove(connection);
                if (pipe.viewers().isEmpty()) {
                    drop(pipe);
                }
                throw new Refused(NORMAL, AuditEntry.FAILED, "The browser left before the console was open.");
            }
            // Its input has somewhere to go before the first output (which the browser may answer) can arrive.
            connection.pipe = pipe;
            connection.opened = clock.instant();
            connection.socket.getUserProperties().put(Connection.class.getName(), connection);
            if (!pipe.add(connection)) {
                connections.remove(connection);
                throw new Refused(FAILED, AuditEntry.FAILED, "The console closed while it was being opened: try again.");
            }
            publishViewers();
        }
        record(connection.actor, connection.ticket.target(), connection.console, connection.ticket.takeOver(),
                AuditEntry.OK, null);
        return connection;
    }

    /** Under the lock: closes a stream and forgets it as its console's shared one. */
    private void drop(Pipe pipe) {
        pipe.close();
        CompletableFuture<Pipe> shared = serials.get(pipe.target);
        if (shared != null && shared.getNow(null) == pipe) {
            serials.remove(pipe.target);
        }
    }

    /** Closes a socket that was refused or failed while connecting, and audits it. */
    private void refuse(Session socket, Actor actor, Ticket ticket, Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        int code;
        String result;
        String message;
        if (cause instanceof Refused refused) {
            code = refused.code;
            result = refused.result;
            message = refused.getMessage();
        } else if (cause instanceof ConsoleBusyException busy) {
            code = BUSY;
            result = AuditEntry.FAILED;
            message = busy.getMessage() == null ? "Another client is using this console." : busy.getMessage();
        } else {
            // ProviderRegistry.call has disabled the provider if it threw an Error.
            code = FAILED;
            result = AuditEntry.FAILED;
            message = "The console could not be opened: " + Guard.message(cause);
        }
        if (code != NORMAL) {
            LOG.log(Level.INFO, "console connection refused (" + code + "): " + message);
            record(actor, ticket == null ? null : ticket.target(), null, ticket != null && ticket.takeOver(), result, message);
        }
        closeSocket(socket, code, message);
    }

    /** The browser closed its socket (or it failed). */
    void closedByBrowser(Connection connection, CloseReason reason) {
        end(connection, -1, "closed by the browser (" + reason.getCloseCode().getCode() + ")");
    }

    /**
     * Ends an open or opening connection: closes its socket with {@code code} and {@code reason}
     * (none when the browser closed it, {@code code} -1), leaves its stream (the last viewer closes
     * it) and audits the close of an opened console with its duration and {@code reason}.
     */
    void end(Connection connection, int code, String reason) {
        if (!connection.closed.compareAndSet(false, true)) {
            return;
        }
        connection.outlet.close();
        synchronized (lock) {
            connections.remove(connection);
            Pipe pipe = connection.pipe;
            if (pipe != null && pipe.viewers().remove(connection)) {
                if (pipe.viewers().isEmpty()) {
                    drop(pipe);
                }
            }
            publishViewers();
        }
        Instant opened = connection.opened;
        if (opened != null) {
            Map<String, Object> options = options(connection.ticket.target(), connection.console, connection.ticket.takeOver());
            options.put("seconds", Duration.between(opened, clock.instant()).toSeconds());
            options.put("why", reason);
            audit.append(new AuditEntry(clock.instant(), connection.actor.name(), connection.actor.role().id(),
                    connection.actor.address(), VmCommands.target(connection.ticket.target().vm()), "console_close",
                    options, AuditEntry.OK, reason));
        }
        if (code > 0) {
            closeSocket(connection.socket, code, reason);
        }
    }

    private void pipeEnded(Pipe pipe, Throwable error) {
        int code;
        String reason;
        if (error == null) {
            code = ENDED;
            reason = "The console ended: the VM stopped or its console was closed.";
        } else {
            if (Guard.disables(error)) {
                providers.failedIn(pipe.target.vm().provider(), "console '" + pipe.target.consoleId() + "' of VM '"
                        + pipe.target.vm().name() + "'", error);
            }
            code = FAILED;
            reason = "The console failed: " + Guard.message(error);
        }
        for (Connection connection : List.copyOf(pipe.viewers())) {
            end(connection, code, reason);
        }
    }

    /** Console input is the user's activity: the session does not end after inactivity while they type. */
    void typed(Connection connection) {
        sessions.active(connection.ticket.session());
    }

    private void sessionEnded(VaadinSession session) {
        tickets.values().removeIf(ticket -> ticket.session() == session);
        for (Connection connection : List.copyOf(connections)) {
            if (connection.ticket.session() == session) {
                later(() -> end(connection, SIGNED_OUT, SESSION_ENDED));
            }
        }
    }

    /** Closes what its session, its user's role or the idle timeout no longer allows; forgets tickets of ended sessions. */
    private void sweep() {
        try {
            Map<VaadinSession, Optional<Actor>> current = new HashMap<>();
            Instant now = clock.instant();
            for (Connection connection : List.copyOf(connections)) {
                Optional<Actor> actor = current.computeIfAbsent(connection.ticket.session(), sessions::current);
                if (actor.isEmpty()) {
                    end(connection, SIGNED_OUT, SESSION_ENDED);
                } else if (!actor.get().may(Permission.CONSOLE)) {
                    end(connection, FORBIDDEN, who(actor.get()) + " may no longer use consoles.");
                } else if (connection.opened != null
                        && Duration.between(connection.lastBytes, now).compareTo(idleTimeout) > 0) {
                    end(connection, IDLE, "The console was closed after " + words(idleTimeout) + " without input or output.");
                }
            }
            tickets.values().removeIf(ticket -> current.computeIfAbsent(ticket.session(), sessions::current).isEmpty());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checking the open consoles failed: " + e.getMessage(), e);
        }
        sweeps.incrementAndGet();
    }

    /** Under the lock. */
    private void publishViewers() {
        Map<ConsoleTarget, List<String>> now = new LinkedHashMap<>();
        connections.stream().filter(c -> c.opened != null && !c.closed.get())
                .sorted(Comparator.comparingLong((Connection c) -> c.number))
                .forEach(c -> now.computeIfAbsent(c.ticket.target(), t -> new ArrayList<>()).add(c.actor.name()));
        now.replaceAll((target, names) -> List.copyOf(names));
        Map<ConsoleTarget, List<String>> published = Collections.unmodifiableMap(now);
        if (!published.equals(viewers.getValue())) {
            viewers.onNext(published);
        }
    }

    /** Runs what may block off the caller's thread; on it once the hub has closed. */
    private void later(Runnable work) {
        try {
            closer.execute(work);
        } catch (RejectedExecutionException closed) {
            work.run();
        }
    }

    private void closeSocket(Session socket, int code, String reason) {
        later(() -> {
            try {
                if (socket.isOpen()) {
                    socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), fitting(reason)));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "closing a console socket failed: " + e.getMessage());
            }
        });
    }

    /** A close reason may have 123 bytes of UTF-8. */
    static String fitting(String reason) {
        String text = reason;
        while (text.getBytes(StandardCharsets.UTF_8).length > 123) {
            text = text.substring(0, text.length() - 2) + "…";
        }
        return text;
    }

    private void record(Actor actor, ConsoleTarget target, Console console, boolean takeOver, String result, String message) {
        audit.append(new AuditEntry(clock.instant(), actor == null ? null : actor.name(),
                actor == null ? null : actor.role().id(), actor == null ? null : actor.address(),
                target == null ? "consoles" : VmCommands.target(target.vm()), "console_open",
                target == null ? Map.of() : options(target, console, takeOver), result, message));
    }

    private static Map<String, Object> options(ConsoleTarget target, Console console, boolean takeOver) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("console", target.consoleId());
        if (console != null) {
            options.put("kind", console.kind().name().toLowerCase(Locale.ROOT));
        }
        if (takeOver) {
            options.put("take_over", true);
        }
        return options;
    }

    private static String who(Actor actor) {
        if (actor == null) {
            return "An anonymous user";
        }
        String role = actor.role().id();
        return Character.toUpperCase(role.charAt(0)) + role.substring(1) + " '" + actor.name() + "'";
    }

    private static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 60 != 0) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    /** Closes every console (the host is stopping). */
    @Override
    public void close() {
        sweeper.shutdownNow();
        for (Connection connection : List.copyOf(connections)) {
            end(connection, GOING_AWAY, "Hangar is stopping.");
        }
        closer.shutdown();
    }
}
