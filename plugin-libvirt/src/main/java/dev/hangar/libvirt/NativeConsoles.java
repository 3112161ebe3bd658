package dev.hangar.libvirt;

import com.sun.jna.Callback;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.libvirt.HangarBridge;
import org.libvirt.LibvirtException;

/**
 * JNA binding of what consoles need and libvirt-java 0.5.3 lacks: libvirt streams driven by the
 * event loop (its {@code Stream} cannot, and its non-blocking receive breaks on EAGAIN),
 * virDomainOpenConsole, virDomainOpenGraphicsFD, and the libc calls on the descriptor the latter
 * hands out.
 */
final class NativeConsoles {
    static final int STREAM_NONBLOCK = 1;
    static final int CONSOLE_FORCE = 1;

    static final int EVENT_READABLE = 1;
    static final int EVENT_ERROR = 4;
    static final int EVENT_HANGUP = 8;

    /** virStreamRecv's answer when nothing is there yet on a non-blocking stream. */
    static final int EAGAIN = -2;

    private static final int SHUT_RDWR = 2;
    private static final int MSG_NOSIGNAL = 0x4000;

    /** void (*virStreamEventCallback)(virStreamPtr stream, int events, void *opaque). */
    interface StreamCallback extends Callback {
        void invoke(Pointer stream, int events, Pointer opaque);
    }

    /** void (*virFreeCallback)(void *opaque). */
    interface FreeCallback extends Callback {
        void invoke(Pointer opaque);
    }

    private interface Api extends com.sun.jna.Library {
        Pointer virStreamNew(Pointer conn, int flags);

        int virStreamRecv(Pointer stream, Pointer data, long length);

        int virStreamSend(Pointer stream, Pointer data, long length);

        int virStreamEventAddCallback(Pointer stream, int events, StreamCallback callback, Pointer opaque,
                                      FreeCallback free);

        int virStreamEventUpdateCallback(Pointer stream, int events);

        int virStreamEventRemoveCallback(Pointer stream);

        int virStreamAbort(Pointer stream);

        int virStreamFree(Pointer stream);

        int virDomainOpenConsole(Pointer domain, String devName, Pointer stream, int flags);

        int virDomainOpenGraphicsFD(Pointer domain, int index, int flags);
    }

    private interface Libc extends com.sun.jna.Library {
        long read(int fd, Pointer buffer, long length) throws LastErrorException;

        long send(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

        int shutdown(int fd, int how) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final Api API = Native.load("virt", Api.class);
    private static final Libc LIBC = Native.load("c", Libc.class);

    private NativeConsoles() {
    }

    static Pointer streamNew(Pointer connect, int flags) throws LibvirtException {
        Pointer stream = API.virStreamNew(connect, flags);
        if (stream == null) {
            throw HangarBridge.lastError();
        }
        return stream;
    }

    /** Bytes read, 0 at the end, {@link #EAGAIN} when none are there yet; throws on a stream error. */
    static int receive(Pointer stream, Pointer buffer, int length) throws LibvirtException {
        int n = API.virStreamRecv(stream, buffer, length);
        if (n == -1) {
            throw HangarBridge.lastError();
        }
        return n;
    }

    /** Bytes sent or {@link #EAGAIN}. */
    static int send(Pointer stream, Pointer data, int length) throws LibvirtException {
        int n = API.virStreamSend(stream, data, length);
        if (n == -1) {
            throw HangarBridge.lastError();
        }
        return n;
    }

    static void addCallback(Pointer stream, int events, StreamCallback callback, Pointer opaque, FreeCallback free)
            throws LibvirtException {
        check(API.virStreamEventAddCallback(stream, events, callback, opaque, free));
    }

    static void updateCallback(Pointer stream, int events) throws LibvirtException {
        check(API.virStreamEventUpdateCallback(stream, events));
    }

    /** Cleanup steps on a stream that is going away: their failure (the stream ended already) is not news. */
    static void removeCallbackQuietly(Pointer stream) {
        API.virStreamEventRemoveCallback(stream);
    }

    static void abortQuietly(Pointer stream) {
        API.virStreamAbort(stream);
    }

    static void free(Pointer stream) {
        API.virStreamFree(stream);
    }

    static void openConsole(Pointer domain, String devName, Pointer stream, int flags) throws LibvirtException {
        check(API.virDomainOpenConsole(domain, devName, stream, flags));
    }

    /** A connected socket to the domain's graphics device number {@code index}, owned by the caller. */
    static int openGraphicsFd(Pointer domain, int index) throws LibvirtException {
        return check(API.virDomainOpenGraphicsFD(domain, index, 0));
    }

    static long read(int fd, Pointer buffer, int length) {
        return LIBC.read(fd, buffer, length);
    }

    /** send(2), not write(2): a peer that went away is EPIPE, never a SIGPIPE for the whole process. */
    static long write(int fd, Pointer buffer, int length) {
        return LIBC.send(fd, buffer, length, MSG_NOSIGNAL);
    }

    /** Wakes a read blocked on {@code fd} (it returns 0) before the descriptor is closed. */
    static void shutdownQuietly(int fd) {
        try {
            LIBC.shutdown(fd, SHUT_RDWR);
        } catch (LastErrorException e) {
            // Not connected any more: nothing to wake.
        }
    }

    static void closeQuietly(int fd) {
        try {
            LIBC.close(fd);
        } catch (LastErrorException e) {
            // The descriptor is released whatever close reports (Linux).
        }
    }

    private static int check(int result) throws LibvirtException {
        if (result < 0) {
            throw HangarBridge.lastError();
        }
        return result;
    }
}
