package dev.hangar.libvirt;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.HangarBridge;
import org.libvirt.LibvirtException;

/**
 * JNA binding of the libvirt calls that libvirt-java 0.5.3 lacks. Every failure is thrown as a
 * {@link LibvirtException} carrying libvirt's own error code, read at once on the failing thread
 * (libvirt keeps its last error per thread).
 */
final class NativeLibvirt {

    /** virDomainStatsRecord and virTypedParameter on 64-bit Linux; read by offset, 5-10x faster than JNA structures. */
    private static final int RECORD_PARAMS = 8;
    private static final int RECORD_NPARAMS = 16;
    private static final int PARAM_SIZE = 96;
    private static final int PARAM_TYPE = 80;
    private static final int PARAM_VALUE = 88;

    static final int STATS_STATE = 1;
    static final int STATS_CPU_TOTAL = 2;
    static final int STATS_BALLOON = 4;
    static final int STATS_BLOCK = 32;

    static final int EVENT_LIFECYCLE = 0;
    static final int EVENT_REBOOT = 1;
    static final int EVENT_DEVICE_REMOVED = 15;
    static final int EVENT_DEVICE_ADDED = 19;

    /** libvirt's int (*virConnectDomainEventCallback)(conn, dom, event, detail, opaque). */
    interface LifecycleCallback extends Callback {
        int invoke(Pointer conn, Pointer dom, int event, int detail, Pointer opaque);
    }

    /** libvirt's void (*virConnectDomainEventGenericCallback)(conn, dom, opaque): the reboot event. */
    interface GenericCallback extends Callback {
        void invoke(Pointer conn, Pointer dom, Pointer opaque);
    }

    /** The device added and removed events: (conn, dom, devAlias, opaque). */
    interface DeviceCallback extends Callback {
        void invoke(Pointer conn, Pointer dom, String alias, Pointer opaque);
    }

    private interface Api extends com.sun.jna.Library {
        int virConnectListAllDomains(Pointer conn, PointerByReference domains, int flags);

        int virDomainGetState(Pointer dom, IntByReference state, IntByReference reason, int flags);

        int virConnectGetAllDomainStats(Pointer conn, int stats, PointerByReference records, int flags);

        int virDomainListGetStats(Pointer[] doms, int stats, PointerByReference records, int flags);

        void virDomainStatsRecordListFree(Pointer records);

        int virDomainInjectNMI(Pointer dom, int flags);

        int virDomainShutdownFlags(Pointer dom, int flags);

        int virDomainDestroyFlags(Pointer dom, int flags);

        String virDomainGetName(Pointer dom);

        int virDomainGetUUIDString(Pointer dom, byte[] buffer);

        int virDomainGetUUID(Pointer dom, byte[] uuid);

        int virConnectDomainEventRegisterAny(Pointer conn, Pointer dom, int eventId, LifecycleCallback callback,
                                             Pointer opaque, Pointer free);

        int virConnectDomainEventRegisterAny(Pointer conn, Pointer dom, int eventId, GenericCallback callback,
                                             Pointer opaque, Pointer free);

        int virConnectDomainEventRegisterAny(Pointer conn, Pointer dom, int eventId, DeviceCallback callback,
                                             Pointer opaque, Pointer free);

        int virConnectDomainEventDeregisterAny(Pointer conn, int callbackId);
    }

    private static final Api API;

    static {
        if (Native.POINTER_SIZE != 8) {
            throw new UnsupportedOperationException("Hangar's libvirt binding needs a 64-bit platform (pointer size "
                    + Native.POINTER_SIZE + ")");
        }
        API = Native.load("virt", Api.class);
    }

    /** A domain's state and reason codes (virDomainState, and the state's own reason enum). */
    record State(int state, int reason) {
    }

    /** One domain's record of a bulk stats call: its identity and every typed parameter by name. */
    record StatsRecord(String uuid, String name, Map<String, Object> values) {
        long number(String key, long fallback) {
            Object value = values.get(key);
            return value instanceof Number n ? n.longValue() : fallback;
        }

        String text(String key) {
            Object value = values.get(key);
            return value == null ? null : value.toString();
        }
    }

    /**
     * What the stats tick uses of one domain's record. {@code state} is 0 and {@code cpuTimeNs} -1 when
     * the record has none; {@code memoryKiB} is balloon.rss, else balloon.current, else -1.
     */
    record UsageRecord(UUID uuid, String name, int state, long cpuTimeNs, long memoryKiB) {
    }

    /** Turns one virDomainStatsRecord (its domain and typed parameters) into a value. */
    @FunctionalInterface
    interface RecordReader<T> {
        T read(Pointer domain, Pointer params, int count);
    }

    /** Every parameter by name, for callers that look up arbitrary keys (block.N.*). */
    static final RecordReader<StatsRecord> EVERY_PARAM = (domain, params, count) ->
            new StatsRecord(uuid(domain), name(domain), params(params, count));

    /**
     * Only what the stats tick uses, for thousands of records per tick: each record's parameters are
     * copied in one read and matched by their name bytes, so no string, box or map is made per
     * parameter; the UUID comes raw (no formatting in libvirt). It reuses its buffers, so one thread
     * uses a reader at a time.
     */
    static final class UsageReader implements RecordReader<UsageRecord> {
        private static final byte[] STATE = field("state.state");
        private static final byte[] CPU_TIME = field("cpu.time");
        private static final byte[] BALLOON_RSS = field("balloon.rss");
        private static final byte[] BALLOON_CURRENT = field("balloon.current");

        private final byte[] rawUuid = new byte[16];
        private byte[] bytes = new byte[0];
        private ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());

        @Override
        public UsageRecord read(Pointer domain, Pointer params, int count) {
            UUID id = null;
            if (API.virDomainGetUUID(domain, rawUuid) >= 0) {
                ByteBuffer raw = ByteBuffer.wrap(rawUuid);
                id = new UUID(raw.getLong(0), raw.getLong(8));
            }
            return usage(id, name(domain), params, count);
        }

        /** The record of a domain already identified, from its {@code count} typed parameters. */
        UsageRecord usage(UUID id, String name, Pointer params, int count) {
            int size = count * PARAM_SIZE;
            if (bytes.length < size) {
                bytes = new byte[size];
                buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            }
            if (size > 0) {
                params.read(0, bytes, 0, size);
            }
            int state = 0;
            long cpuTime = -1;
            long rss = -1;
            long current = -1;
            for (int at = 0; at < size; at += PARAM_SIZE) {
                if (named(at, STATE)) {
                    state = (int) number(at, 0);
                } else if (named(at, CPU_TIME)) {
                    cpuTime = number(at, -1);
                } else if (named(at, BALLOON_RSS)) {
                    rss = number(at, -1);
                } else if (named(at, BALLOON_CURRENT)) {
                    current = number(at, -1);
                }
            }
            return new UsageRecord(id, name, state, cpuTime, rss >= 0 ? rss : current);
        }

        /** The field is NUL-terminated within its 80 bytes; the key includes the NUL, so prefixes do not match. */
        private boolean named(int at, byte[] key) {
            return Arrays.equals(bytes, at, at + key.length, key, 0, key.length);
        }

        /** A numeric parameter (virTypedParameterType 1-5: int, uint, llong, ullong, double) as a long. */
        private long number(int at, long fallback) {
            switch (buffer.getInt(at + PARAM_TYPE)) {
                case 1:
                    return buffer.getInt(at + PARAM_VALUE);
                case 2:
                    return Integer.toUnsignedLong(buffer.getInt(at + PARAM_VALUE));
                case 3:
                case 4:
                    return buffer.getLong(at + PARAM_VALUE);
                case 5:
                    return (long) buffer.getDouble(at + PARAM_VALUE);
                default:
                    return fallback;
            }
        }

        private static byte[] field(String name) {
            return (name + '\0').getBytes(StandardCharsets.US_ASCII);
        }
    }

    private NativeLibvirt() {
    }

    /** Every domain, running or defined, in one call; the caller frees each. */
    static List<Domain> listAllDomains(Connect connect) throws LibvirtException {
        PointerByReference array = new PointerByReference();
        int count = API.virConnectListAllDomains(HangarBridge.pointer(connect), array, 0);
        if (count < 0) {
            throw HangarBridge.lastError();
        }
        Pointer domains = array.getValue();
        List<Domain> result = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                result.add(HangarBridge.adopt(connect, domains.getPointer((long) i * Native.POINTER_SIZE)));
            }
        } finally {
            if (domains != null) {
                Native.free(Pointer.nativeValue(domains));
            }
        }
        return result;
    }

    static State state(Domain domain) throws LibvirtException {
        IntByReference state = new IntByReference();
        IntByReference reason = new IntByReference();
        check(API.virDomainGetState(HangarBridge.pointer(domain), state, reason, 0));
        return new State(state.getValue(), reason.getValue());
    }

    static void injectNmi(Domain domain) throws LibvirtException {
        check(API.virDomainInjectNMI(HangarBridge.pointer(domain), 0));
    }

    static void shutdown(Domain domain, int flags) throws LibvirtException {
        check(API.virDomainShutdownFlags(HangarBridge.pointer(domain), flags));
    }

    static void destroy(Domain domain) throws LibvirtException {
        check(API.virDomainDestroyFlags(HangarBridge.pointer(domain), 0));
    }

    /** The stats of every domain of the connection, in one call (libvirt refuses more than 16,384 through a daemon). */
    static List<StatsRecord> allDomainStats(Connect connect, int groups) throws LibvirtException {
        return allDomainStats(connect, groups, EVERY_PARAM);
    }

    static <T> List<T> allDomainStats(Connect connect, int groups, RecordReader<T> reader) throws LibvirtException {
        PointerByReference records = new PointerByReference();
        int count = API.virConnectGetAllDomainStats(HangarBridge.pointer(connect), groups, records, 0);
        return decode(count, records, reader);
    }

    /** The stats of the given domains, in one call. */
    static List<StatsRecord> domainStats(List<Domain> domains, int groups) throws LibvirtException {
        return domainStats(domains, groups, EVERY_PARAM);
    }

    static <T> List<T> domainStats(List<Domain> domains, int groups, RecordReader<T> reader) throws LibvirtException {
        Pointer[] array = new Pointer[domains.size() + 1];
        for (int i = 0; i < domains.size(); i++) {
            array[i] = HangarBridge.pointer(domains.get(i));
        }
        PointerByReference records = new PointerByReference();
        int count = API.virDomainListGetStats(array, groups, records, 0);
        return decode(count, records, reader);
    }

    static int register(Connect connect, LifecycleCallback callback) throws LibvirtException {
        return check(API.virConnectDomainEventRegisterAny(HangarBridge.pointer(connect), null, EVENT_LIFECYCLE,
                callback, null, null));
    }

    static int register(Connect connect, GenericCallback callback) throws LibvirtException {
        return check(API.virConnectDomainEventRegisterAny(HangarBridge.pointer(connect), null, EVENT_REBOOT,
                callback, null, null));
    }

    static int register(Connect connect, int eventId, DeviceCallback callback) throws LibvirtException {
        return check(API.virConnectDomainEventRegisterAny(HangarBridge.pointer(connect), null, eventId,
                callback, null, null));
    }

    static void deregister(Connect connect, int callbackId) throws LibvirtException {
        check(API.virConnectDomainEventDeregisterAny(HangarBridge.pointer(connect), callbackId));
    }

    /** The UUID of a domain pointer that libvirt lends (event callbacks, stats records); no round trip. */
    static String uuid(Pointer domain) {
        byte[] buffer = new byte[37];
        if (API.virDomainGetUUIDString(domain, buffer) < 0) {
            return null;
        }
        return new String(buffer, 0, 36, StandardCharsets.US_ASCII);
    }

    /** The name of a domain pointer that libvirt lends; no round trip. */
    static String name(Pointer domain) {
        return API.virDomainGetName(domain);
    }

    private static <T> List<T> decode(int count, PointerByReference records, RecordReader<T> reader)
            throws LibvirtException {
        if (count < 0) {
            throw HangarBridge.lastError();
        }
        Pointer list = records.getValue();
        if (list == null) {
            return List.of();
        }
        try {
            List<T> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Pointer record = list.getPointer((long) i * Native.POINTER_SIZE);
                result.add(reader.read(record.getPointer(0), record.getPointer(RECORD_PARAMS),
                        record.getInt(RECORD_NPARAMS)));
            }
            return result;
        } finally {
            API.virDomainStatsRecordListFree(list);
        }
    }

    private static Map<String, Object> params(Pointer params, int count) {
        Map<String, Object> values = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            Pointer param = params.share((long) i * PARAM_SIZE);
            values.put(param.getString(0, "UTF-8"), value(param.getInt(PARAM_TYPE), param));
        }
        return values;
    }

    private static Object value(int type, Pointer param) {
        switch (type) {
            case 1:
                return param.getInt(PARAM_VALUE);
            case 2:
                return Integer.toUnsignedLong(param.getInt(PARAM_VALUE));
            case 3:
            case 4:
                return param.getLong(PARAM_VALUE);
            case 5:
                return param.getDouble(PARAM_VALUE);
            case 6:
                return param.getByte(PARAM_VALUE) != 0;
            case 7:
                Pointer text = param.getPointer(PARAM_VALUE);
                return text == null ? null : text.getString(0, "UTF-8");
            default:
                return null;
        }
    }

    private static int check(int result) throws LibvirtException {
        if (result < 0) {
            throw HangarBridge.lastError();
        }
        return result;
    }
}
