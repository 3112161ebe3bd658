package dev.hangar.host.ui.devices;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.TabSheet;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.ui.components.Banner;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.host.ui.vmlist.VmListView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDevices;
import dev.hangar.plugins.vm.VmFilesystem;
import dev.hangar.plugins.vm.VmGraphics;
import dev.hangar.plugins.vm.VmHostDevice;
import dev.hangar.plugins.vm.VmOs;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmSeclabel;
import dev.hangar.plugins.vm.VmStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The VM page's Devices subtab, and the Overview's OS lines, over a test provider and over the real libvirt plugin. */
class DevicesTabTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private static TabSheet tabs() {
        return _get(TabSheet.class, spec -> spec.withClasses("vm-tabs"));
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> rows(Component tab, String gridClass) {
        Grid<Object> grid = _get(tab, Grid.class, spec -> spec.withClasses(gridClass));
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._getFormattedRow(grid, i)).toList();
    }

    private static String overview(String field) {
        return _get(Span.class, spec -> spec.withClasses("overview-" + field)).getText();
    }

    private void open(Vm vm) throws Exception {
        test = TestHangar.start(provider);
        UI.getCurrent().navigate(VmAddress.of(vm.ref()).path());
        eventually(() -> assertTrue(tabs().isVisible()));
    }

    @Test
    void showsEveryDeviceKindAndTextFromTheVmAsText() throws Exception {
        Vm base = provider.vm("web", VmStates.RUNNING);
        Vm web = provider.put(new Vm(base.ref(), base.state(), null, base.vcpus(), base.memoryKiB(), base.maxMemoryKiB(),
                new VmOs("hvm", "x86_64", "pc-q35-7.2", List.of("hd"), "http://debian.org/debian/11", "Debian 11"),
                true, true, base.disks(), base.nics(), new VmDevices(
                        List.of(new VmGraphics("vnc", "address", "127.0.0.1", null, 5901, null, false, true),
                                new VmGraphics("spice", "socket", null, "/run/spice.sock", null, null, false, false),
                                new VmGraphics("vnc", "network", HOSTILE, null, null, null, true, null)),
                        List.of(new VmFilesystem("mount", "virtiofs", "/srv/share", HOSTILE, "passthrough", true)),
                        List.of(new VmHostDevice("usb", "subsystem", true, "0x046d", "0xc52b", null),
                                new VmHostDevice("pci", "subsystem", false, null, null, "0000:06:02.1")),
                        List.of(new VmSeclabel("selinux", "dynamic", true, "system_u:system_r:svirt_t:s0:c1,c2", null)))));
        open(web);

        assertEquals("Debian 11", overview("operating-system"), "the guest's OS, not its OS type");
        assertEquals("x86_64", overview("architecture"));
        assertEquals("hvm", overview("os-type"));

        Component devices = TestHangar.vmTab("Devices");
        assertEquals(List.of(
                List.of("vnc", "address 127.0.0.1", "5901", "—", "Set"),
                List.of("spice", "socket /run/spice.sock", "—", "—", "None"),
                List.of("vnc", "network " + HOSTILE, "Chosen automatically when the VM starts", "—", "—")),
                rows(devices, "graphics-grid"));
        assertEquals(List.of(List.of("/srv/share", HOSTILE, "virtiofs", "mount", "passthrough", "Yes")),
                rows(devices, "filesystem-grid"));
        assertEquals(List.of(List.of("usb", "0x046d", "0xc52b", "—", "subsystem", "Yes"),
                List.of("pci", "—", "—", "0000:06:02.1", "subsystem", "No")), rows(devices, "hostdev-grid"));
        assertEquals(List.of(List.of("selinux", "dynamic", "Yes", "system_u:system_r:svirt_t:s0:c1,c2", "—")),
                rows(devices, "seclabel-grid"));
        assertTrue(_find(devices, Html.class).isEmpty(), "nothing from the VM becomes markup");
    }

    @Test
    void aVmWithoutDevicesOrOsNameSaysSo() throws Exception {
        open(provider.put(provider.vm("bare", VmStates.SHUT_OFF)));
        assertEquals("—", overview("operating-system"), "hvm is no operating system");
        Component devices = TestHangar.vmTab("Devices");
        for (String grid : List.of("graphics-grid", "filesystem-grid", "hostdev-grid", "seclabel-grid")) {
            assertEquals(List.of(), rows(devices, grid), grid);
        }
    }

    @Test
    void aLibvirtTestDriverHostShowsItsDevicesAndIsLabelledDemoData() throws Exception {
        Path fixture = Path.of("..", "plugin-libvirt", "src", "test", "resources", "devices-host.xml").toAbsolutePath()
                .normalize();
        assertTrue(Files.isRegularFile(fixture), fixture + " is missing");
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-libvirt")),
                List.of("--libvirt-uri", "test://" + fixture));
        VmRef ref = new VmRef("libvirt", "test://" + fixture, "hangar-test-devices", "6a0c7a2e-0d39-4f5e-9b8a-0000000000d1");
        UI.getCurrent().navigate(VmAddress.of(ref).path());
        eventually(() -> assertTrue(tabs().isVisible()));
        assertTrue(_find(Banner.class).stream().anyMatch(b -> b.text().startsWith("Demo data: connection")),
                "a test:/// host is demo data on the VM page too");
        assertEquals("Debian 11", overview("operating-system"));
        Component devices = TestHangar.vmTab("Devices");
        assertEquals(List.of("vnc", "address 127.0.0.1", "5901", "—", "Set"), rows(devices, "graphics-grid").get(0));
        assertEquals(HOSTILE, rows(devices, "filesystem-grid").get(0).get(1));
        assertEquals(3, rows(devices, "hostdev-grid").size());

        UI.getCurrent().navigate(VmListView.class);
        eventually(() -> assertTrue(_find(Banner.class).stream().anyMatch(b -> b.text().startsWith("Demo data: connection")),
                "and in the list's banner"));
    }
}
