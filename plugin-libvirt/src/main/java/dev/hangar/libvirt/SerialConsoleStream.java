package dev.hangar.libvirt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.hangar.plugins.capability.ConsoleStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.libvirt.LibvirtException;

/**
 * A serial console on a non-blocking libvirt stream, read by libvirt's event loop as {@code virsh
 * console} does: the stream callback drains what arrived into a bounded buffer that {@link #read}
 * takes from, and pauses the stream while the reader is a full buffer behind. A read waits on a Java
 * condition, so {@link #close} wakes it at once; a blocking {@code virStreamRecv} is woken by
 * {@code virStreamAbort} too (1-9 ms on qemu:///system), but the abort is a round trip to the daemon,
 * which an unreachable remote host may leave unanswered until keepalive gives up. libvirt's stream is touched by the event loop (receive) and, under one lock, by
 * {@link #write} and {@link #close} (send, abort, free); libvirt locks the stream for each.
 */
final class SerialConsoleStream implements ConsoleStream {
    private static final Logger LOG = System.getLogger(SerialConsoleStream.class.getName());
    /** What the reader may fall behind by before the stream stops taking data from libvirt. */
    static final int BUFFER_LIMIT = 256 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final int ALL_EVENTS = NativeConsoles.EVENT_READABLE | NativeConsoles.EVENT_ERROR
            | NativeConsoles.EVENT_HANGUP;
    private static final int END_EVENTS = NativeConsoles.EVENT_ERROR | NativeConsoles.EVENT_HANGUP;

    /**
     * libvirt calls back with an opaque number, never a Java object: the streams by number, and one
     * callback for all, held here so that JNA never frees it while libvirt may still call it.
     */
    private static final Map<Long, SerialConsoleStream> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(1);
    private static final NativeConsoles.StreamCallback EVENTS = (stream, events, opaque) -> {
        SerialConsoleStream open = OPEN.get(Pointer.nativeValue(opaque));
        if (open != null) {
            open.onEvents(stream, events);
        }
    };
    private static final NativeConsoles.FreeCallback FORGET = opaque -> OPEN.remove(Pointer.nativeValue(opaque));

    private final long key = NEXT.getAndIncrement();
    private final Pointer stream;
    /** Used by the event loop thread only. */
    private final Memory incoming = new Memory(CHUNK);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int chunkOffset;
    private int buffered;
    private volatile boolean ended;
    private volatile boolean closed;
    private boolean paused;

    /**
     * Lock order: {@link #sendLock}, {@link #handleLock}, {@link #lock}. The stream is freed holding
     * both of the first: a send that waits for the daemon must not hold up the event loop, which only
     * needs the handle to be alive.
     */
    private final Object sendLock = new Object();
    private final Object handleLock = new Object();
    private Memory outgoing = new Memory(CHUNK);
    private volatile boolean freed;

    private SerialConsoleStream(Pointer stream) {
        this.stream = stream;
    }

    /**
     * Opens {@code devName} of {@code domain} (null: the first console) on a new stream of
     * {@code connect}; the caller maps failures to words.
     */
    static SerialConsoleStream open(Pointer connect, Pointer domain, String devName, boolean force)
            throws LibvirtException {
        Pointer stream = NativeConsoles.streamNew(connect, NativeConsoles.STREAM_NONBLOCK);
        try {
            NativeConsoles.openConsole(domain, devName, stream, force ? NativeConsoles.CONSOLE_FORCE : 0);
        } catch (LibvirtException e) {
            NativeConsoles.free(stream);
            throw e;
        }
        SerialConsoleStream console = new SerialConsoleStream(stream);
        OPEN.put(console.key, console);
        try {
            NativeConsoles.addCallback(stream, ALL_EVENTS, EVENTS, new Pointer(console.key), FORGET);
        } catch (LibvirtException e) {
            OPEN.remove(console.key);
            NativeConsoles.abortQuietly(stream);
            NativeConsoles.free(stream);
            throw e;
        }
        return console;
    }

    /** On libvirt's event loop thread: take everything that arrived, or note the end. */
    private void onEvents(Pointer which, int events) {
        boolean end = (events & END_EVENTS) != 0;
        if ((events & NativeConsoles.EVENT_READABLE) != 0) {
            try {
                while (!full()) {
                    int n = NativeConsoles.receive(which, incoming, CHUNK);
                    if (n == NativeConsoles.EAGAIN) {
                        break;
                    }
                    if (n == 0) {
                        end = true;
                        break;
                    }
                    append(incoming.getByteArray(0, n));
                }
            } catch (LibvirtException e) {
                // The VM stopped, or another client took the console over: the reader sees the end.
                end = true;
                LOG.log(Level.DEBUG, "console stream ended: " + LibvirtErrors.detail(e));
            }
        }
        boolean pause = false;
        lock.lock();
        try {
            if (end) {
                ended = true;
            }
            if (!ended && !closed && buffered >= BUFFER_LIMIT && !paused) {
                // The reader fell behind: stop taking data until it catches up (libvirt keeps it meanwhile).
                paused = true;
                pause = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (pause) {
            applyPause();
        }
        if (end) {
            NativeConsoles.removeCallbackQuietly(which);
        }
    }

    private boolean full() {
        lock.lock();
        try {
            return buffered >= BUFFER_LIMIT || closed;
        } finally {
            lock.unlock();
        }
    }

    private void append(byte[] bytes) {
        lock.lock();
        try {
            chunks.addLast(bytes);
            buffered += bytes.length;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        boolean resume = false;
        int copied = 0;
        lock.lock();
        try {
            while (buffered == 0 && !ended && !closed) {
                changed.await();
            }
            if (buffered == 0) {
                return -1;
            }
            while (copied < buffer.length && !chunks.isEmpty()) {
                byte[] head = chunks.peekFirst();
                int n = Math.min(buffer.length - copied, head.length - chunkOffset);
                System.arraycopy(head, chunkOffset, buffer, copied, n);
                copied += n;
                chunkOffset += n;
                if (chunkOffset == head.length) {
                    chunks.removeFirst();
                    chunkOffset = 0;
                }
            }
            buffered -= copied;
            if (paused && buffered < BUFFER_LIMIT / 2 && !ended && !closed) {
                paused = false;
                resume = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the console", e);
        } finally {
            lock.unlock();
        }
        if (resume) {
            applyPause();
        }
        return copied;
    }

    /** Bytes received and not read yet: at most {@link #BUFFER_LIMIT} and one chunk. */
    int buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells libvirt whether to call back on data, from the latest {@link #paused}: the event loop and
     * the reader each call it after changing the flag, so the one that comes last applies the flag
     * as it is then. Called without {@link #lock} held.
     */
    private void applyPause() {
        synchronized (handleLock) {
            if (freed) {
                return;
            }
            boolean pause;
            lock.lock();
            try {
                pause = paused;
            } finally {
                lock.unlock();
            }
            try {
                NativeConsoles.updateCallback(stream, pause ? END_EVENTS : ALL_EVENTS);
            } catch (LibvirtException e) {
                // The stream is ending; its end event says so.
            }
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        synchronized (sendLock) {
            int sent = 0;
            while (sent < length) {
                if (freed || isEnded()) {
                    throw new IOException("The console has ended.");
                }
                int n = Math.min(CHUNK, length - sent);
                outgoing.write(0, bytes, offset + sent, n);
                int done;
                try {
                    done = NativeConsoles.send(stream, outgoing, n);
                } catch (LibvirtException e) {
                    throw new IOException("Cannot write to the console: " + LibvirtErrors.detail(e), e);
                }
                if (done == NativeConsoles.EAGAIN) {
                    // libvirt's outgoing queue is full; it drains on its own within milliseconds.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    continue;
                }
                sent += done;
            }
        }
    }

    /** Read without {@link #lock}, which the writer never takes. */
    private boolean isEnded() {
        return ended || closed;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        synchronized (handleLock) {
            NativeConsoles.removeCallbackQuietly(stream);
            NativeConsoles.abortQuietly(stream);
        }
        synchronized (sendLock) {
            synchronized (handleLock) {
                // A callback still being dispatched holds its own reference to the stream: freeing ours is safe.
                NativeConsoles.free(stream);
                freed = true;
                outgoing = null;
            }
        }
    }
}
