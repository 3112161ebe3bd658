package dev.hangar.plugins.capability;

/**
 * Another client holds the console (for libvirt: {@code virsh console} or another management tool),
 * and the engine allows one at a time. The host says so, with this message (name the other client
 * when the engine tells), and offers to take it over, which opens it again with {@code takeOver} and
 * disconnects that client.
 */
public class ConsoleBusyException extends Exception {
    public ConsoleBusyException(String message) {
        super(message);
    }
}
