package dev.hangar.host.ui.devices;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDevices;
import dev.hangar.plugins.vm.VmFilesystem;
import dev.hangar.plugins.vm.VmGraphics;
import dev.hangar.plugins.vm.VmHostDevice;
import dev.hangar.plugins.vm.VmSeclabel;
import java.util.List;
import java.util.function.Function;

/**
 * A VM's other hardware: graphical consoles, shared filesystems, host devices passed through, and the
 * security labels it runs under. Every value is text (never markup), and a console's password is
 * only said to be set or not.
 */
public final class DevicesTab extends VerticalLayout {
    private final Grid<VmGraphics> graphics = grid("graphics-grid", "This VM has no graphical console.");
    private final Grid<VmFilesystem> filesystems = grid("filesystem-grid", "This VM shares no host filesystem.");
    private final Grid<VmHostDevice> hostDevices = grid("hostdev-grid", "This VM uses no host device.");
    private final Grid<VmSeclabel> seclabels = grid("seclabel-grid", "This VM has no security label of its own.");
    private VmDevices shown;

    public DevicesTab() {
        addClassName("devices-tab");
        setPadding(false);
        column(graphics, "Type", VmGraphics::type);
        column(graphics, "Listens on", DevicesTab::listensOn);
        column(graphics, "Port", DevicesTab::port);
        column(graphics, "TLS port", g -> g.tlsPort() == null ? null : String.valueOf(g.tlsPort()));
        column(graphics, "Password", g -> g.passwordSet() == null ? null : g.passwordSet() ? "Set" : "None");
        column(filesystems, "Source", VmFilesystem::source);
        column(filesystems, "Mount tag", VmFilesystem::target);
        column(filesystems, "Driver", VmFilesystem::driver);
        column(filesystems, "Type", VmFilesystem::type);
        column(filesystems, "Access mode", VmFilesystem::accessMode);
        column(filesystems, "Read-only", f -> yesNo(f.readOnly()));
        column(hostDevices, "Type", VmHostDevice::type);
        column(hostDevices, "Vendor", VmHostDevice::vendor);
        column(hostDevices, "Product", VmHostDevice::product);
        column(hostDevices, "Address", VmHostDevice::address);
        column(hostDevices, "Mode", VmHostDevice::mode);
        column(hostDevices, "Managed", d -> yesNo(d.managed()));
        column(seclabels, "Model", VmSeclabel::model);
        column(seclabels, "Type", VmSeclabel::type);
        column(seclabels, "Relabel", s -> s.relabel() == null ? null : yesNo(s.relabel()));
        column(seclabels, "Label", VmSeclabel::label);
        column(seclabels, "Image label", VmSeclabel::imageLabel);
        add(new H4("Graphical consoles"), graphics, new H4("Shared filesystems"), filesystems,
                new H4("Host devices"), hostDevices, new H4("Security labels"), seclabels);
    }

    public void show(Vm vm) {
        VmDevices devices = vm.devices();
        if (devices.equals(shown)) {
            return;
        }
        shown = devices;
        graphics.setItems(devices.graphics());
        filesystems.setItems(devices.filesystems());
        hostDevices.setItems(devices.hostDevices());
        seclabels.setItems(devices.seclabels());
    }

    /** "address 127.0.0.1", "socket /run/…", "network default", "none". */
    private static String listensOn(VmGraphics g) {
        String where = "socket".equals(g.listenType()) ? g.socket() : g.listen();
        if (g.listenType() == null) {
            return where;
        }
        return where == null ? g.listenType() : g.listenType() + " " + where;
    }

    private static String port(VmGraphics g) {
        if (g.port() != null) {
            return g.port() + (g.autoport() ? " (chosen automatically)" : "");
        }
        return g.autoport() ? "Chosen automatically when the VM starts" : null;
    }

    private static String yesNo(boolean value) {
        return value ? "Yes" : "No";
    }

    private static <T> Grid<T> grid(String className, String empty) {
        Grid<T> grid = new Grid<>();
        grid.addClassName(className);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText(empty);
        return grid;
    }

    private static <T> void column(Grid<T> grid, String title, Function<T, String> value) {
        grid.addColumn(item -> Formats.orDash(value.apply(item))).setHeader(title).setAutoWidth(true)
                .setKey(title.toLowerCase().replace(' ', '-'));
    }
}
