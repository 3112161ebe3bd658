package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** The stats tick's decoding of bulk-stats records: the parameters it uses, whatever else a record has. */
class UsageRecordTest {
    private static final UUID ID = UUID.fromString("0b7e5a3c-1d2f-4e6a-8b9c-0d1e2f3a4b5c");
    private static final int INT = 1;
    private static final int UINT = 2;
    private static final int ULLONG = 4;
    private static final int DOUBLE = 5;
    private static final int BOOLEAN = 6;
    private static final int STRING = 7;

    /** A virTypedParameter array in native memory, as libvirt hands it over. */
    private static final class Params {
        final List<Memory> strings = new ArrayList<>();
        final Memory memory = new Memory(96L * 16);
        int count;

        Params() {
            memory.clear();
        }

        Params add(String name, int type, long value) {
            long at = 96L * count++;
            memory.setString(at, name, "US-ASCII");
            memory.setInt(at + 80, type);
            memory.setLong(at + 88, value);
            return this;
        }

        Params add(String name, double value) {
            add(name, DOUBLE, 0);
            memory.setDouble(96L * (count - 1) + 88, value);
            return this;
        }

        Params addString(String name, String value) {
            Memory text = new Memory(value.length() + 1);
            text.setString(0, value, "US-ASCII");
            strings.add(text);
            add(name, STRING, 0);
            memory.setPointer(96L * (count - 1) + 88, text);
            return this;
        }

        NativeLibvirt.UsageRecord read() {
            return new NativeLibvirt.UsageReader().usage(ID, "web", memory, count);
        }
    }

    @Test
    void aRunningQemuDomainsRecordKeepsTheFourUsedValuesAndSkipsTheRest() {
        Params qemu = new Params()
                .add("state.state", INT, 1)
                .add("state.reason", INT, 1)
                .add("cpu.time", ULLONG, 123_456_789_012L)
                .add("cpu.user", ULLONG, 60_000_000_000L)
                .add("cpu.system", ULLONG, 40_000_000_000L)
                .addString("cpu.cache.monitor.0.name", "any")
                .add("cpu.times", ULLONG, 7)
                .add("balloon.current", ULLONG, 4_194_304)
                .add("balloon.maximum", ULLONG, 8_388_608)
                .add("balloon.swap_in", ULLONG, 0)
                .add("balloon.rss", ULLONG, 1_048_576)
                .add("balloon.usable", ULLONG, 3_000_000)
                .add("balloon.last-update", ULLONG, 1_700_000_000)
                .add("balloon.disk_caches", ULLONG, 12_000)
                .add("balloon.current.extra", UINT, 9)
                .add("vcpu.0.time", ULLONG, 99);

        assertEquals(new NativeLibvirt.UsageRecord(ID, "web", 1, 123_456_789_012L, 1_048_576), qemu.read());
    }

    @Test
    void memoryFallsBackToBalloonCurrentAndMissingValuesAreUnknown() {
        Params noRss = new Params().add("state.state", INT, 3).add("balloon.maximum", ULLONG, 8)
                .add("balloon.current", UINT, 4_096);
        assertEquals(new NativeLibvirt.UsageRecord(ID, "web", 3, -1, 4_096), noRss.read());

        Params odd = new Params().add("state.state", INT, 1).add("cpu.time", 2.5e9).add("balloon.rss", BOOLEAN, 1);
        assertEquals(new NativeLibvirt.UsageRecord(ID, "web", 1, 2_500_000_000L, -1), odd.read(),
                "a double is a number; a boolean is not");

        assertEquals(new NativeLibvirt.UsageRecord(ID, "web", 0, -1, -1),
                new NativeLibvirt.UsageReader().usage(ID, "web", Pointer.NULL, 0));
    }

    @Test
    void onTheTestDriverTheTickReadsWhatTheFullDecodingReads() throws LibvirtException {
        Connect connect = new Connect(Harness.demoUri());
        try {
            List<NativeLibvirt.StatsRecord> full = NativeLibvirt.allDomainStats(connect, Stats.GROUPS);
            List<NativeLibvirt.UsageRecord> usage = NativeLibvirt.allDomainStats(connect, Stats.GROUPS,
                    new NativeLibvirt.UsageReader());
            assertEquals(32, usage.size());
            // The test driver reports state only (no cpu.time, no balloon): QEMU's shape is pinned above.
            assertTrue(usage.stream().anyMatch(r -> r.state() == 5) && usage.stream().anyMatch(r -> r.state() == 1),
                    "the fixture has running and shut-off domains");
            assertEquals(full.size(), usage.size());
            for (int i = 0; i < full.size(); i++) {
                NativeLibvirt.StatsRecord all = full.get(i);
                assertEquals(new NativeLibvirt.UsageRecord(UUID.fromString(all.uuid()), all.name(),
                        (int) all.number("state.state", 0), all.number("cpu.time", -1),
                        all.number("balloon.rss", all.number("balloon.current", -1))), usage.get(i));
                assertEquals(all.uuid(), usage.get(i).uuid().toString(), "the VM's id is libvirt's UUID string");
            }
        } finally {
            connect.close();
        }
    }
}
