package dev.hangar.host.consoles;

import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What goes to one browser: a bounded buffer and at most one frame in flight. Bytes that do not fit
 * are dropped and counted; before the next bytes the browser gets a notice saying how many. Frames are
 * sent asynchronously; the next one leaves only when the previous one's send completed, so a browser
 * that does not read holds the host to this buffer and one frame.
 */
final class Outlet {
    private final Session socket;
    private final int capacity;
    private final int frame;
    /** The bytes held for all outlets: the hub's measure of what slow browsers cost. */
    private final AtomicLong held;
    private final Consumer<Throwable> failed;
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private int size;
    private long skipped;
    private boolean sending;
    private boolean pumping;
    private boolean closed;

    /**
     * @param capacity the most bytes held for this browser
     * @param frame    the most bytes of one frame
     * @param failed   told when a send fails (the browser is gone)
     */
    Outlet(Session socket, int capacity, int frame, AtomicLong held, Consumer<Throwable> failed) {
        this.socket = socket;
        this.capacity = capacity;
        this.frame = frame;
        this.held = held;
        this.failed = failed;
    }

    /** Queues a copy of {@code length} bytes, or drops them (counted) when they do not fit. */
    void offer(byte[] bytes, int length) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (size + length > capacity) {
                skipped += length;
            } else {
                chunks.addLast(java.util.Arrays.copyOf(bytes, length));
                size += length;
                held.addAndGet(length);
            }
        }
        pump();
    }

    /** Waits until everything offered was sent (or the outlet closed): the reader of a lossless stream waits here. */
    synchronized void awaitSent() throws InterruptedException {
        while (!closed && (size > 0 || sending)) {
            wait();
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
            held.addAndGet(-size);
            size = 0;
            chunks.clear();
            notifyAll();
        }
    }

    /**
     * Sends the next frame unless one is in flight. Iterative rather than from the send's callback,
     * which Jetty may call on this very thread: one thread pumps at a time, and a completion that
     * arrives while it does is picked up by its loop.
     */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            Object next;
            synchronized (this) {
                if (sending || closed) {
                    pumping = false;
                    return;
                }
                next = next();
                if (next == null) {
                    pumping = false;
                    notifyAll();
                    return;
                }
                sending = true;
            }
            try {
                if (next instanceof String notice) {
                    socket.getAsyncRemote().sendText(notice, this::sent);
                } else {
                    socket.getAsyncRemote().sendBinary((ByteBuffer) next, this::sent);
                }
            } catch (RuntimeException e) {
                sent(new SendResult(e));
            }
        }
    }

    /** Under the lock: the notice of skipped bytes, else up to a frame of bytes, else null. */
    private Object next() {
        if (skipped > 0) {
            String notice = "{\"type\":\"notice\",\"text\":\"" + skipped + " bytes of output were skipped: "
                    + "this browser did not keep up with the console.\"}";
            skipped = 0;
            return notice;
        }
        if (size == 0) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.min(size, frame));
        while (out.hasRemaining()) {
            byte[] chunk = chunks.removeFirst();
            int part = Math.min(chunk.length, out.remaining());
            out.put(chunk, 0, part);
            if (part < chunk.length) {
                chunks.addFirst(java.util.Arrays.copyOfRange(chunk, part, chunk.length));
            }
        }
        size -= out.capacity();
        held.addAndGet(-out.capacity());
        return out.flip();
    }

    private void sent(SendResult result) {
        synchronized (this) {
            sending = false;
            notifyAll();
        }
        if (!result.isOK()) {
            failed.accept(result.getException());
            return;
        }
        pump();
    }
}
