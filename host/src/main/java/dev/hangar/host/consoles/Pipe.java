package dev.hangar.host.consoles;

import dev.hangar.host.providers.Guard;
import dev.hangar.plugins.capability.ConsoleStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One open provider stream and the browsers it goes to: a serial console's is shared by all its viewers,
 * a VNC console's has one. A reader thread carries the guest's bytes to each viewer's {@link Outlet}:
 * a shared one never waits for a viewer (a slow one loses output, not the others); a VNC one reads
 * again only when its viewer's previous frame was sent (RFB must not lose bytes). A writer thread
 * passes the browsers' bytes on from a bounded queue, so a guest that does not take input blocks the
 * browsers' sockets rather than filling the host's memory.
 */
final class Pipe {
    private static final Logger LOG = System.getLogger(Pipe.class.getName());
    /** Browser messages waiting for the guest, at most; with the websocket's message limit, the bound of input held. */
    static final int INPUT_QUEUE = 16;

    /** What the pipe tells its hub. */
    interface Events {
        /** The stream ended ({@code error} null: the console ended) or failed; every viewer is to be closed. */
        void ended(Pipe pipe, Throwable error);
    }

    final ConsoleTarget target;
    private final ConsoleStream stream;
    private final boolean shared;
    private final int frame;
    private final Events events;
    private final Executor closer;
    private final List<Connection> viewers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> input = new ArrayBlockingQueue<>(INPUT_QUEUE);
    private final Thread reader;
    private final Thread writer;
    private volatile boolean closed;
    private boolean started;

    /**
     * @param shared whether several viewers share it (serial): it then never waits for a slow one
     * @param closer runs the provider's close (plugin code) off the caller's thread
     */
    Pipe(ConsoleTarget target, ConsoleStream stream, boolean shared, int frame, Events events, Executor closer) {
        this.target = target;
        this.stream = stream;
        this.shared = shared;
        this.frame = frame;
        this.events = events;
        this.closer = closer;
        String name = "hangar-console-" + target.vm().name() + "-" + target.consoleId();
        this.reader = daemon(this::read, name + "-read");
        this.writer = daemon(this::write, name + "-write");
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Adds a viewer and starts carrying bytes with the first; false when the pipe has closed. Under
     * the hub's lock, which also removes viewers (the last one's leaving closes the pipe).
     */
    boolean add(Connection viewer) {
        if (closed) {
            return false;
        }
        viewers.add(viewer);
        if (!started) {
            started = true;
            reader.start();
            writer.start();
        }
        return true;
    }

    List<Connection> viewers() {
        return viewers;
    }

    /** Passes a browser's bytes to the guest; waits while the queue is full (the websocket then reads no further). */
    void write(byte[] bytes) throws InterruptedException {
        while (!closed && !input.offer(bytes, 200, TimeUnit.MILLISECONDS)) {
            // full: the guest is slow to take input; wait on, unless the pipe closes
        }
    }

    /** Ends the stream (its close ends a blocked read) and both threads. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.interrupt();
        closer.execute(() -> {
            try {
                stream.close();
            } catch (Throwable e) {
                Guard.rethrowFatal(e);
                LOG.log(Level.WARNING, "closing console " + target.consoleId() + " of VM " + target.vm().name()
                        + " failed: " + Guard.message(e), e);
            }
        });
    }

    private void read() {
        byte[] buffer = new byte[frame];
        try {
            while (!closed) {
                if (!shared) {
                    for (Connection viewer : viewers) {
                        viewer.awaitSent();
                    }
                }
                int read = stream.read(buffer);
                if (read < 0) {
                    if (!closed) {
                        events.ended(this, null);
                    }
                    return;
                }
                for (Connection viewer : viewers) {
                    viewer.output(buffer, read);
                }
            }
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            if (!closed) {
                events.ended(this, e);
            }
        }
    }

    private void write() {
        try {
            while (!closed) {
                byte[] bytes = input.take();
                stream.write(bytes, 0, bytes.length);
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            if (!closed) {
                events.ended(this, e);
            }
        }
    }
}
