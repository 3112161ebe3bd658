package dev.hangar.libvirt;

import dev.hangar.plugins.capability.HostInfo;
import java.util.Locale;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/** A libvirt connection's host for the host-information capability: the node, its hypervisor, its daemon. */
final class LibvirtHostInformation {
    private LibvirtHostInformation() {
    }

    static HostInfo read(Connect connect) throws LibvirtException {
        NodeInfo node = connect.nodeInfo();
        return new HostInfo(connect.getHostName(), node.cpus, node.model, node.memory, freeKiB(connect),
                named(connect.getType(), connect.getVersion()), named("libvirt", connect.getLibVersion()));
    }

    /**
     * Free memory in KiB, or null where the driver does not count it: it may say so, or answer 0 (the
     * test driver on a fixture), which libvirt-java takes for a failure. The node was read just before,
     * so a failure here is about this one figure, which is optional.
     */
    private static Long freeKiB(Connect connect) {
        try {
            return connect.getFreeMemory() / 1024;
        } catch (LibvirtException e) {
            return null;
        }
    }

    /** "QEMU 8.2.2" from libvirt's version number (major * 1,000,000 + minor * 1,000 + release); 0 is unknown. */
    static String named(String what, long version) {
        if (version <= 0) {
            return what;
        }
        return String.format(Locale.ROOT, "%s %d.%d.%d", what, version / 1_000_000, version / 1_000 % 1_000, version % 1_000);
    }
}
