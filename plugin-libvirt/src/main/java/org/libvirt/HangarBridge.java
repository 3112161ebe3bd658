package org.libvirt;

import com.sun.jna.Pointer;
import org.libvirt.jna.DomainPointer;

/**
 * The few package-private parts of libvirt-java that Hangar's own JNA binding needs. It lives in
 * libvirt-java's package because that is the only way to reach them; it is shaded into the same
 * plugin JAR, so both share one runtime package.
 */
public final class HangarBridge {

    private HangarBridge() {
    }

    /** The raw {@code virConnectPtr}; valid while the connection is open and reachable. */
    public static Pointer pointer(Connect connect) {
        return connect.vcp.getPointer();
    }

    /** The raw {@code virDomainPtr}; valid until the domain is freed. */
    public static Pointer pointer(Domain domain) {
        return domain.vdp.getPointer();
    }

    /** The raw {@code virNetworkPtr}; valid until the network is freed. */
    public static Pointer pointer(Network network) {
        return network.vnp.getPointer();
    }

    /** Wraps a domain reference that the caller owns (as virConnectListAllDomains hands out); free() releases it. */
    public static Domain adopt(Connect connect, Pointer domain) {
        DomainPointer pointer = new DomainPointer();
        pointer.setPointer(domain);
        return new Domain(connect, pointer);
    }

    /** The error of a call that failed on this thread, as libvirt-java reports its own. */
    public static LibvirtException lastError() {
        org.libvirt.jna.virError error = Library.libvirt.virGetLastError();
        if (error == null) {
            org.libvirt.jna.virError unknown = new org.libvirt.jna.virError();
            unknown.code = Error.ErrorNumber.VIR_ERR_INTERNAL_ERROR.ordinal();
            unknown.message = "libvirt reported a failure without an error";
            return new LibvirtException(new Error(unknown));
        }
        return new LibvirtException(new Error(error));
    }
}
