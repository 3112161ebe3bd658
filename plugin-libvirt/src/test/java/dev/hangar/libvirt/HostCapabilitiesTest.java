package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Domain capabilities as libvirt 9.0 (Debian 12) prints them for QEMU 7.2, trimmed to what Hangar reads. */
class HostCapabilitiesTest {
    private static String domcaps(String rngBackends) {
        return """
                <domainCapabilities>
                  <path>/usr/bin/qemu-system-x86_64</path>
                  <domain>qemu</domain>
                  <machine>pc-i440fx-7.2</machine>
                  <arch>x86_64</arch>
                  <vcpu max='255'/>
                  <os supported='yes'>
                    <enum name='firmware'/>
                  </os>
                  <devices>
                    <disk supported='yes'>
                      <enum name='bus'><value>ide</value><value>scsi</value><value>virtio</value><value>sata</value></enum>
                    </disk>
                    <rng supported='yes'>
                      <enum name='model'><value>virtio</value></enum>
                      <enum name='backendModel'>%s</enum>
                    </rng>
                  </devices>
                </domainCapabilities>
                """.formatted(rngBackends);
    }

    @Test
    void theBuiltinEntropyBackendIsUsedOnlyWhereTheHostListsIt() {
        HostCapabilities.DomainCaps modern = HostCapabilities.parse(
                domcaps("<value>random</value><value>egd</value><value>builtin</value>"));
        assertTrue(modern.rngBuiltin());
        assertEquals("pc-i440fx-7.2", modern.machine());
        assertEquals(255, modern.vcpuMax());
        assertFalse(modern.efi(), "no OVMF: the firmware enum is empty");
        assertEquals(Set.of("ide", "scsi", "virtio", "sata"), modern.buses());

        assertFalse(HostCapabilities.parse(domcaps("<value>random</value><value>egd</value>")).rngBuiltin(),
                "an older QEMU: /dev/urandom");
    }
}
