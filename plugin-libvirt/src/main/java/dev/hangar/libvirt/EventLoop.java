package dev.hangar.libvirt;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.Library;
import org.libvirt.jna.Libvirt;

/**
 * libvirt's default event loop, started once per JVM before any connection is opened (a listener on
 * a connection opened earlier never fires, silently). The guard is a system property, not a static
 * field: a plugin that is unloaded and loaded again gets fresh statics in a new class loader, while
 * libvirt's loop and the thread that runs it live on in the process.
 */
final class EventLoop {
    private static final Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final String GUARD = "dev.hangar.libvirt.event-loop";

    /** Handled errors are reported by our exceptions; without a callback libvirt also prints each to stderr. */
    private static final Libvirt.VirErrorCallback QUIET = (userData, error) -> {
    };

    private EventLoop() {
    }

    static synchronized void ensureRunning() throws LibvirtException {
        Connect.setErrorCallback(QUIET);
        if (System.getProperties().putIfAbsent(GUARD, "running") != null) {
            return;
        }
        try {
            Library.initEventLoop();
        } catch (LibvirtException | RuntimeException e) {
            System.getProperties().remove(GUARD);
            throw e;
        }
        Thread thread = new Thread(EventLoop::run, "libvirt-event-loop");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        while (true) {
            try {
                Library.runEventLoop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (LibvirtException | RuntimeException e) {
                // One failed iteration must not end event delivery for the whole process.
                LOG.log(Level.WARNING, "libvirt event loop iteration failed", e);
            }
        }
    }
}
