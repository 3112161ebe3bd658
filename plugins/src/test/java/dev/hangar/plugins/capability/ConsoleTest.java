package dev.hangar.plugins.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.vm.VmRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    @Test
    void aConsoleIsAvailableUnlessItSaysWhyNot() {
        Console serial = Console.available("serial0", ConsoleKind.SERIAL, "Serial console (ttyS0)");
        assertTrue(serial.isAvailable());
        Console off = new Console("vnc0", ConsoleKind.VNC, "Graphical (VNC)", "Start the VM to use its console");
        assertFalse(off.isAvailable());
        assertEquals("Start the VM to use its console", off.unavailable());
    }

    @Test
    void idKindAndLabelAreRequiredAndAReasonIsWords() {
        assertThrows(NullPointerException.class, () -> Console.available(null, ConsoleKind.VNC, "Graphical (VNC)"));
        assertThrows(NullPointerException.class, () -> Console.available("vnc0", null, "Graphical (VNC)"));
        assertThrows(NullPointerException.class, () -> Console.available("vnc0", ConsoleKind.VNC, null));
        assertEquals("a console's id cannot be blank",
                assertThrows(IllegalArgumentException.class, () -> Console.available(" ", ConsoleKind.VNC, "Graphical (VNC)")).getMessage());
        assertEquals("console 'vnc0': its label cannot be blank",
                assertThrows(IllegalArgumentException.class, () -> Console.available("vnc0", ConsoleKind.VNC, "")).getMessage());
        assertEquals("console 'vnc0': say why it is unavailable, or pass null when it is available",
                assertThrows(IllegalArgumentException.class, () -> new Console("vnc0", ConsoleKind.VNC, "Graphical (VNC)", " ")).getMessage());
    }

    @Test
    void aProviderWithoutSpiceHasNoRemoteViewerFiles() {
        Consoles serialOnly = new Consoles() {
            @Override
            public List<Console> consoles(VmRef vm) {
                return List.of(Console.available("serial0", ConsoleKind.SERIAL, "Serial console"));
            }

            @Override
            public ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(UnsupportedOperationException.class,
                () -> serialOnly.remoteViewerFile(new VmRef("p", "c", "web", "id"), "serial0"));
    }
}
