package dev.hangar.libvirt;

import dev.hangar.plugins.vm.VmStates;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The domain events of one connection: lifecycle, guest reboot, device added and removed. Bound
 * through our own JNA registration rather than libvirt-java's listeners because libvirt-java 0.5.3
 * can neither remove a reboot listener nor deliver device events, and a registration left behind
 * holds a reference on the connection so it never closes.
 */
final class DomainEvents {
    private static final Logger LOG = System.getLogger(DomainEvents.class.getName());

    /** What happened; the first nine follow virDomainEventType's order. */
    enum Kind {
        DEFINED, UNDEFINED, STARTED, SUSPENDED, RESUMED, STOPPED, SHUTDOWN, PMSUSPENDED, CRASHED,
        REBOOTED, DEVICE_CHANGED, OTHER;

        /**
         * The state the domain is in after an event of this kind, as libvirt documents each event type;
         * null where the event does not say (SHUTDOWN: the guest has shut down, the process may still run).
         */
        String impliedState() {
            return switch (this) {
                case STARTED, RESUMED -> VmStates.RUNNING;
                case SUSPENDED -> VmStates.PAUSED;
                case STOPPED -> VmStates.SHUT_OFF;
                case PMSUSPENDED -> VmStates.PMSUSPENDED;
                case CRASHED -> VmStates.CRASHED;
                default -> null;
            };
        }
    }

    /** One event about one domain; runs of events are delivered in the order libvirt sent them. */
    record Event(String uuid, String name, Kind kind) {
    }

    private final Connect connect;
    private final List<Integer> callbackIds = new ArrayList<>();
    // The callbacks must stay reachable while registered: libvirt holds only their native stubs.
    private final NativeLibvirt.LifecycleCallback lifecycle;
    private final NativeLibvirt.GenericCallback reboot;
    private final NativeLibvirt.DeviceCallback device;

    private DomainEvents(Connect connect, Consumer<Event> sink) {
        this.connect = connect;
        this.lifecycle = (conn, dom, event, detail, opaque) -> {
            Kind[] kinds = Kind.values();
            sink.accept(event(dom, event >= 0 && event <= Kind.CRASHED.ordinal() ? kinds[event] : Kind.OTHER));
            return 0;
        };
        this.reboot = (conn, dom, opaque) -> sink.accept(event(dom, Kind.REBOOTED));
        this.device = (conn, dom, alias, opaque) -> sink.accept(event(dom, Kind.DEVICE_CHANGED));
    }

    /** Subscribes to the connection's events; {@code sink} runs on libvirt's event thread and must not block. */
    static DomainEvents register(Connect connect, Consumer<Event> sink) throws LibvirtException {
        DomainEvents events = new DomainEvents(connect, sink);
        try {
            events.callbackIds.add(NativeLibvirt.register(connect, events.lifecycle));
            events.callbackIds.add(NativeLibvirt.register(connect, events.reboot));
            events.registerDevice(NativeLibvirt.EVENT_DEVICE_ADDED);
            events.registerDevice(NativeLibvirt.EVENT_DEVICE_REMOVED);
        } catch (LibvirtException e) {
            events.deregister();
            throw e;
        }
        return events;
    }

    private void registerDevice(int eventId) {
        try {
            callbackIds.add(NativeLibvirt.register(connect, eventId, device));
        } catch (LibvirtException e) {
            // Drivers without device events (the test driver has some only) still give lifecycle events.
            LOG.log(Level.DEBUG, "device event " + eventId + " not available: " + LibvirtErrors.detail(e));
        }
    }

    /** Removes every registration; failures (a connection already gone) are of no consequence. */
    void deregister() {
        for (int id : callbackIds) {
            try {
                NativeLibvirt.deregister(connect, id);
            } catch (LibvirtException e) {
                LOG.log(Level.DEBUG, "deregistering event callback " + id + ": " + LibvirtErrors.detail(e));
            }
        }
        callbackIds.clear();
    }

    private static Event event(com.sun.jna.Pointer domain, Kind kind) {
        return new Event(NativeLibvirt.uuid(domain), NativeLibvirt.name(domain), kind);
    }
}
