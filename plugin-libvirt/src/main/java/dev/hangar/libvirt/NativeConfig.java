package dev.hangar.libvirt;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.HangarBridge;
import org.libvirt.LibvirtException;

/**
 * JNA binding of the configuration calls libvirt-java 0.5.3 lacks: memory with flags (it has only
 * the flagless, live-only setMemory), rename, and domain capabilities. Failures carry libvirt's error,
 * as in {@link NativeLibvirt}.
 */
final class NativeConfig {
    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
    /** VIR_DOMAIN_MEM_MAXIMUM and VIR_DOMAIN_VCPU_MAXIMUM have the same value. */
    static final int MAXIMUM = 4;
    static final int XML_INACTIVE = 2;
    static final int METADATA_DESCRIPTION = 0;
    /** VIR_DOMAIN_DEVICE_MODIFY_FORCE: eject even when the guest has locked the tray. */
    static final int DEVICE_MODIFY_FORCE = 4;

    private interface Api extends com.sun.jna.Library {
        int virDomainSetMemoryFlags(Pointer dom, long memoryKiB, int flags);

        int virDomainRename(Pointer dom, String newName, int flags);

        Pointer virConnectGetDomainCapabilities(Pointer conn, String emulator, String arch, String machine,
                                                String virttype, int flags);
    }

    private static final Api API = Native.load("virt", Api.class);

    private NativeConfig() {
    }

    static void setMemory(Domain domain, long kib, int flags) throws LibvirtException {
        check(API.virDomainSetMemoryFlags(HangarBridge.pointer(domain), kib, flags));
    }

    static void rename(Domain domain, String newName) throws LibvirtException {
        check(API.virDomainRename(HangarBridge.pointer(domain), newName, 0));
    }

    /** The hypervisor's capabilities for a VM of that type, architecture and machine (null: the defaults). */
    static String domainCapabilities(Connect connect, String arch, String machine, String virttype)
            throws LibvirtException {
        Pointer xml = API.virConnectGetDomainCapabilities(HangarBridge.pointer(connect), null, arch, machine,
                virttype, 0);
        if (xml == null) {
            throw HangarBridge.lastError();
        }
        try {
            return xml.getString(0, "UTF-8");
        } finally {
            Native.free(Pointer.nativeValue(xml));
        }
    }

    private static void check(int result) throws LibvirtException {
        if (result < 0) {
            throw HangarBridge.lastError();
        }
    }
}
