package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.capability.HostInformation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host-information capability on libvirt's test driver, whose node libvirt documents. */
class HostInformationTest {
    private Harness h;

    @BeforeEach
    void start() {
        h = Harness.onFixture("/odd-host.xml");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void readsTheTestDriversNode() throws Exception {
        HostInfo info = ((HostInformation) h.provider).hostInfo(Harness.fixtureUri("/odd-host.xml"));
        // The test driver's fixed node (virsh nodeinfo on it says the same) on this machine's name.
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), info.hostName());
        assertEquals(16, info.cpus());
        assertEquals("i686", info.cpuModel());
        assertEquals(3_145_728L, info.memoryKiB());
        assertEquals(null, info.freeMemoryKiB(), "the test driver answers 0, which means it does not count");
        assertEquals("TEST 0.0.2", info.hypervisor());
        assertEquals(true, info.engine().matches("libvirt \\d+\\.\\d+\\.\\d+"), info.engine());
    }

    @Test
    void aConnectionItDoesNotServeIsRefusedInWords() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> ((HostInformation) h.provider).hostInfo("qemu+ssh://elsewhere/system"));
        assertEquals(true, e.getMessage().contains("which the libvirt provider does not serve"), e.getMessage());
    }

    @Test
    void versionsReadAsPeopleWriteThem() {
        assertEquals("QEMU 8.2.2", LibvirtHostInformation.named("QEMU", 8_002_002));
        assertEquals("libvirt 9.0.0", LibvirtHostInformation.named("libvirt", 9_000_000));
        assertEquals("TEST", LibvirtHostInformation.named("TEST", 0));
    }
}
