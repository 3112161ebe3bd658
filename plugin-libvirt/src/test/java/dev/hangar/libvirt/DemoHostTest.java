package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo host that ships with the plugin, on libvirt's test driver. */
class DemoHostTest {

    @Test
    void withoutUriOrDaemonTheDemoHostLoadsEveryVmInEveryState() {
        try (Harness h = Harness.started(new LibvirtProvider(Stats.MAX_DOMAINS_PER_CALL,
                Path.of("/nonexistent/libvirt-sock")), Map.of())) {
            String uri = h.libvirt().connectionUris().get(0);
            assertEquals("test://" + h.dataDir.toAbsolutePath().resolve("demo-host.xml"), uri);
            ConnectionStatus status = h.connection(uri);
            assertTrue(status.demo(), "the demo connection says it is a demo");
            assertTrue(status.label().contains("Demo"), status.label());
            assertEquals(ConnectionStatus.State.CONNECTED, status.state());

            assertEquals(32, h.vms().vms().size(), h.names().toString());
            Map<String, Integer> states = new TreeMap<>();
            for (Vm vm : h.vms().vms().values()) {
                states.merge(vm.state(), 1, Integer::sum);
                assertEquals(uri, vm.ref().connection());
                assertEquals(LibvirtProvider.NAME, vm.ref().provider());
                assertEquals(36, vm.ref().id().length(), "the id is the UUID");
            }
            assertEquals(Map.of(VmStates.RUNNING, 18, VmStates.IDLE, 1, VmStates.PAUSED, 3, VmStates.SHUTDOWN, 1,
                    VmStates.SHUT_OFF, 7, VmStates.CRASHED, 1, VmStates.PMSUSPENDED, 1), states);
        }
    }

    @Test
    void vmsCarryTheirDefinitionAndStorageSizes() {
        try (Harness h = Harness.started(Harness.options(Harness.demoUri()))) {
            Vm db = h.vm("db-primary");
            assertEquals(8, db.vcpus());
            assertEquals(32L * 1024 * 1024, db.memoryKiB());
            assertEquals("hvm", db.os().type());
            assertEquals("x86_64", db.os().arch());
            assertEquals("http://debian.org/debian/12", db.os().osinfoId());
            assertEquals("Debian 12", db.os().name());
            assertEquals(List.of("hd"), db.os().bootOrder());
            assertTrue(db.persistent());
            VmDisk data = db.disk("vdb");
            assertNotNull(data, "db-primary has its data disk");
            assertEquals("file", data.sourceType());
            assertEquals("/var/lib/libvirt/images/db-primary-data1.qcow2", data.source());
            assertEquals("qcow2", data.format());
            assertEquals("virtio", data.bus());
            assertEquals(200L * 1024 * 1024 * 1024, data.capacity(), "capacity from the pool's volume");
            assertTrue(data.allocation() > 0 && data.allocation() < data.capacity());
            assertEquals(2, db.nics().size());
            VmNic nic = db.nics().get(0);
            assertEquals("network", nic.type());
            assertEquals("default", nic.source());
            assertEquals("virtio", nic.model());
            assertTrue(nic.mac().startsWith("52:54:00:"), nic.mac());

            Vm win = h.vm("win11-desktop");
            assertEquals(List.of("hd", "cdrom"), win.os().bootOrder());
            VmDisk cdrom = win.disk("sda");
            assertEquals("cdrom", cdrom.device());
            assertTrue(cdrom.readOnly());
            assertEquals(null, cdrom.capacity(), "an ISO outside any pool has no known size");
            assertEquals("e1000e", win.nics().get(0).model());

            assertEquals("down", h.vm("vpn-edge").nics().get(1).linkState());
            assertEquals("up", h.vm("vpn-edge").nics().get(0).linkState());
            assertFalse(h.vm("backup").autostart());
        }
    }

    @Test
    void withAnAnsweringSystemSocketTheDefaultIsQemuSystem(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("libvirt-sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            LibvirtProvider provider = new LibvirtProvider(Stats.MAX_DOMAINS_PER_CALL, socket);
            try (Harness h = Harness.startedWithoutLoading(provider, Map.of())) {
                assertEquals(List.of("qemu:///system"), h.libvirt().connectionUris());
                ConnectionStatus status = h.connection("qemu:///system");
                assertFalse(status.demo());
                assertEquals("System", status.label());
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void anUnreachableConnectionIsShownLostAndDoesNotHideTheOthers() {
        String nowhere = "qemu+tcp://127.0.0.1:1/system";
        Map<String, List<String>> options = Map.of(ProviderOptions.URI, List.of(Harness.demoUri(), nowhere));
        try (Harness h = Harness.started(options)) {
            assertEquals(32, h.vms().vms().size());
            ConnectionStatus lost = h.connection(nowhere);
            assertEquals(ConnectionStatus.State.LOST, lost.state());
            assertTrue(lost.message().startsWith("Cannot connect to " + nowhere + ": "), lost.message());
            assertTrue(lost.message().contains("; retrying in "), lost.message());
            Throwable failure = h.failureOf(h.provider.startVm(new VmRef(LibvirtProvider.NAME,
                    nowhere, "web", "x")));
            assertTrue(failure.getMessage().startsWith("The connection '" + nowhere + "' is not available: Cannot "
                    + "connect"), failure.getMessage());
        }
    }

    @Test
    void labelsFollowCockpit() {
        assertEquals("System", ConnectionLabel.of("qemu:///system", false));
        assertEquals("Session", ConnectionLabel.of("qemu:///session", false));
        assertEquals("qemu+ssh://root@host/system", ConnectionLabel.of("qemu+ssh://root@host/system", false));
    }
}
