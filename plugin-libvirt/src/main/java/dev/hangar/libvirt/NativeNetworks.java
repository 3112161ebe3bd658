package dev.hangar.libvirt;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.HangarBridge;
import org.libvirt.LibvirtException;
import org.libvirt.Network;

/**
 * JNA binding of the network calls libvirt-java 0.5.3 lacks: DHCP leases, live updates of a
 * network's definition, and network lifecycle events. Failures carry libvirt's error.
 */
final class NativeNetworks {
    static final int UPDATE_DELETE = 2;
    static final int UPDATE_ADD_LAST = 3;
    static final int SECTION_IP_DHCP_HOST = 4;
    static final int EVENT_LIFECYCLE = 0;

    // virNetworkDHCPLease on 64-bit Linux: iface@0, expirytime@8, type@16, mac@24, iaid@32, ipaddr@40,
    // prefix@48, hostname@56, clientid@64.
    private static final int LEASE_EXPIRY = 8;
    private static final int LEASE_MAC = 24;
    private static final int LEASE_IP = 40;
    private static final int LEASE_HOSTNAME = 56;

    /** libvirt's void (*virConnectNetworkEventLifecycleCallback)(conn, net, event, detail, opaque). */
    interface LifecycleCallback extends Callback {
        void invoke(Pointer conn, Pointer net, int event, int detail, Pointer opaque);
    }

    /** One lease as libvirt reports it; {@code expires} null when it never ends. */
    record Lease(String mac, String ip, String hostname, Instant expires) {
    }

    private interface Api extends com.sun.jna.Library {
        int virNetworkGetDHCPLeases(Pointer net, String mac, PointerByReference leases, int flags);

        void virNetworkDHCPLeaseFree(Pointer lease);

        int virNetworkUpdate(Pointer net, int command, int section, int parentIndex, String xml, int flags);

        int virConnectNetworkEventRegisterAny(Pointer conn, Pointer net, int eventId, LifecycleCallback callback,
                                              Pointer opaque, Pointer free);

        int virConnectNetworkEventDeregisterAny(Pointer conn, int callbackId);
    }

    private static final Api API = Native.load("virt", Api.class);

    private NativeNetworks() {
    }

    static List<Lease> leases(Network network) throws LibvirtException {
        PointerByReference array = new PointerByReference();
        int count = check(API.virNetworkGetDHCPLeases(HangarBridge.pointer(network), null, array, 0));
        Pointer leases = array.getValue();
        List<Lease> result = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Pointer lease = leases.getPointer((long) i * Native.POINTER_SIZE);
                long expiry = lease.getLong(LEASE_EXPIRY);
                result.add(new Lease(string(lease, LEASE_MAC), string(lease, LEASE_IP), string(lease, LEASE_HOSTNAME),
                        expiry <= 0 ? null : Instant.ofEpochSecond(expiry)));
                API.virNetworkDHCPLeaseFree(lease);
            }
        } finally {
            if (leases != null) {
                Native.free(Pointer.nativeValue(leases));
            }
        }
        return result;
    }

    static void update(Network network, int command, int section, String xml, int flags) throws LibvirtException {
        check(API.virNetworkUpdate(HangarBridge.pointer(network), command, section, -1, xml, flags));
    }

    static int register(Connect connect, LifecycleCallback callback) throws LibvirtException {
        return check(API.virConnectNetworkEventRegisterAny(HangarBridge.pointer(connect), null, EVENT_LIFECYCLE,
                callback, null, null));
    }

    static void deregister(Connect connect, int callbackId) throws LibvirtException {
        check(API.virConnectNetworkEventDeregisterAny(HangarBridge.pointer(connect), callbackId));
    }

    private static String string(Pointer struct, int offset) {
        Pointer value = struct.getPointer(offset);
        return value == null ? null : value.getString(0, "UTF-8");
    }

    private static int check(int result) throws LibvirtException {
        if (result < 0) {
            throw HangarBridge.lastError();
        }
        return result;
    }
}
