package dev.hangar.host.ui.consoles;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test provider whose VMs have the consoles the test sets, SPICE too (the page only lists them: it opens no stream). */
public class ConsoledProvider extends TestProvider {
    public static final Console VNC = Console.available("vnc0", ConsoleKind.VNC, "Graphical (VNC)");
    public static final Console SERIAL = Console.available("serial0", ConsoleKind.SERIAL, "Serial console (ttyS0)");
    public volatile List<Console> consoles = List.of(VNC, SERIAL);
    /** The VMs whose consoles were listed, in order. */
    public final List<String> asked = new CopyOnWriteArrayList<>();

    public ConsoledProvider() {
        super("consoled");
    }

    @Override
    public List<Console> consoles(VmRef vm) {
        asked.add(vm.name());
        return consoles;
    }

    @Override
    public ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) {
        throw new UnsupportedOperationException("the page opens no stream: the websocket does");
    }

    @Override
    public String remoteViewerFile(VmRef vm, String consoleId) {
        return "[virt-viewer]\ntype=spice\nhost=kvm-3.example.net\nport=5901\ntitle=" + vm.name() + "\n";
    }
}
