package dev.hangar.plugins.capability;

import java.util.Objects;

/**
 * One console of a VM, as the VM page lists it.
 *
 * @param id          names it among the VM's consoles, stable while the VM's devices stay ("vnc0", "serial0"):
 *                    the host keeps it in a console's address and the browser remembers the last one per VM
 * @param kind        what it is, and so how the browser shows it
 * @param label       its name for people ("Graphical (VNC)", "Serial console (ttyS0)")
 * @param unavailable why it cannot be opened now, a sentence for people ("Start the VM to use its console");
 *                    null when it can
 */
public record Console(String id, ConsoleKind kind, String label, String unavailable) {
    public Console {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a console's id cannot be blank");
        }
        if (label.isBlank()) {
            throw new IllegalArgumentException("console '" + id + "': its label cannot be blank");
        }
        if (unavailable != null && unavailable.isBlank()) {
            throw new IllegalArgumentException("console '" + id + "': say why it is unavailable, or pass null when it is available");
        }
    }

    /** A console that can be opened now. */
    public static Console available(String id, ConsoleKind kind, String label) {
        return new Console(id, kind, label, null);
    }

    public boolean isAvailable() {
        return unavailable == null;
    }
}
