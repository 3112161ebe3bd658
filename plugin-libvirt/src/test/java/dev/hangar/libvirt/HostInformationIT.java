package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.capability.HostInformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host-information capability against the real libvirtd, checked with virsh. */
class HostInformationIT {
    private Harness h;

    @BeforeEach
    void start() {
        Daemon.require();
        h = Harness.started(Harness.options(Daemon.URI));
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void readsTheDaemonsHostAsVirshDoes() throws Exception {
        HostInfo info = ((HostInformation) h.provider).hostInfo(Daemon.URI);
        assertEquals(Daemon.virsh("hostname").strip(), info.hostName());
        String nodeinfo = Daemon.virsh("nodeinfo");
        assertEquals(field(nodeinfo, "CPU(s)"), String.valueOf(info.cpus()));
        assertEquals(field(nodeinfo, "CPU model"), info.cpuModel());
        assertEquals(field(nodeinfo, "Memory size"), info.memoryKiB() + " KiB");
        assertNotNull(info.freeMemoryKiB(), "qemu:///system counts free memory");
        assertTrue(info.freeMemoryKiB() > 0 && info.freeMemoryKiB() <= info.memoryKiB(), info.toString());
        String version = Daemon.virsh("version");
        // "Running hypervisor: QEMU 7.2.22"; the daemon is the local library's ("Using library: libvirt 9.0.0").
        assertEquals(field(version, "Running hypervisor"), info.hypervisor());
        assertEquals(field(version, "Using library"), info.engine());
    }

    private static String field(String virshOutput, String name) {
        return virshOutput.lines().filter(line -> line.startsWith(name + ":")).findFirst()
                .map(line -> line.substring(name.length() + 1).strip())
                .orElseThrow(() -> new AssertionError("virsh printed no '" + name + "' in:\n" + virshOutput));
    }
}
