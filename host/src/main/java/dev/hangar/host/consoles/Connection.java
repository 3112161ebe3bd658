package dev.hangar.host.consoles;

import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Actor;
import dev.hangar.plugins.capability.Console;
import jakarta.websocket.Session;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One browser's websocket to one console, from its checks on connect to its close. */
final class Connection {
    /** Its place in the order connections came in. */
    final long number;
    final Session socket;
    final ConsoleHub.Ticket ticket;
    final Actor actor;
    final Console console;
    final Outlet outlet;
    final AtomicBoolean closed = new AtomicBoolean();
    private final ConsoleHub hub;
    /** When the console was opened for it; null until then (only opened connections are audited as closed). */
    volatile Instant opened;
    /** When bytes last went either way (or it connected): the idle timeout counts from here. */
    volatile Instant lastBytes;
    volatile Pipe pipe;

    /** @param buffer the most output held for this browser ({@link Outlet}) */
    Connection(ConsoleHub hub, long number, Session socket, ConsoleHub.Ticket ticket, Actor actor, Console console, int buffer,
            AtomicLong held, Instant now) {
        this.hub = hub;
        this.number = number;
        this.socket = socket;
        this.ticket = ticket;
        this.actor = actor;
        this.console = console;
        // A send that fails means the browser is gone.
        this.outlet = new Outlet(socket, buffer, ConsoleHub.FRAME, held,
                error -> hub.end(this, -1, "the connection failed: " + Guard.message(error)));
        this.lastBytes = now;
    }

    /** The guest's bytes, for this browser. */
    void output(byte[] bytes, int length) {
        lastBytes = hub.now();
        outlet.offer(bytes, length);
    }

    void awaitSent() throws InterruptedException {
        outlet.awaitSent();
    }

    /**
     * The browser's bytes, for the guest. Before the console is open there is nowhere to send them:
     * browsers send nothing meaningful before the console's first bytes, so they are dropped.
     */
    void input(byte[] bytes) throws InterruptedException {
        Pipe target = pipe;
        if (target == null || closed.get()) {
            return;
        }
        lastBytes = hub.now();
        hub.typed(this);
        target.write(bytes);
    }
}
