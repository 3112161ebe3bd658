package dev.hangar.libvirt;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.hangar.plugins.capability.ConsoleStream;
import java.io.IOException;

/**
 * A graphics console on the socket virDomainOpenGraphicsFD passed to this process: QEMU's VNC server
 * at the other end, whichever way it listens (TCP, a unix socket, or not at all). The descriptor is
 * closed only once no read or write is inside a system call on it, so that a number the kernel
 * hands out again is never read from; {@link #close} first shuts the socket down, which ends a
 * blocked read at once.
 */
final class FdConsoleStream implements ConsoleStream {
    private static final int EINTR = 4;
    private static final int CHUNK = 64 * 1024;

    private final int fd;
    private final Memory in = new Memory(CHUNK);
    private final Memory out = new Memory(CHUNK);
    private int users;
    private boolean closed;
    private boolean released;

    FdConsoleStream(int fd) {
        this.fd = fd;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        if (!enter()) {
            return -1;
        }
        try {
            int want = Math.min(buffer.length, CHUNK);
            while (true) {
                long n;
                try {
                    n = NativeConsoles.read(fd, in, want);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EINTR) {
                        continue;
                    }
                    if (isClosed()) {
                        return -1;
                    }
                    throw new IOException("Cannot read from the graphical console: " + e.getMessage(), e);
                }
                if (n <= 0 || isClosed()) {
                    return -1;
                }
                in.read(0, buffer, 0, (int) n);
                return (int) n;
            }
        } finally {
            leave();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (!enter()) {
            throw new IOException("The graphical console is closed.");
        }
        try {
            int sent = 0;
            while (sent < length) {
                int n = Math.min(CHUNK, length - sent);
                out.write(0, bytes, offset + sent, n);
                int done = 0;
                while (done < n) {
                    try {
                        done += (int) NativeConsoles.write(fd, out.share(done), n - done);
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != EINTR) {
                            throw new IOException("Cannot write to the graphical console: " + e.getMessage(), e);
                        }
                    }
                }
                sent += n;
            }
        } finally {
            leave();
        }
    }

    private synchronized boolean enter() {
        if (closed) {
            return false;
        }
        users++;
        return true;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void leave() {
        boolean release;
        synchronized (this) {
            users--;
            release = closed && users == 0 && !released;
            released |= release;
        }
        if (release) {
            NativeConsoles.closeQuietly(fd);
        }
    }

    @Override
    public void close() {
        boolean release;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            release = users == 0;
            released = release;
            // Inside the lock: no leave() can have closed the descriptor (and the number be reused) yet.
            NativeConsoles.shutdownQuietly(fd);
        }
        if (release) {
            NativeConsoles.closeQuietly(fd);
        }
    }
}
