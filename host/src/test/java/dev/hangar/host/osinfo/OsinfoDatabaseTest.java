package dev.hangar.host.osinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database read from a small tree in libosinfo's layout (test resources {@code osinfo-fixture}):
 * inheritance, end of life, buses, a broken file, search order and suggested names.
 */
class OsinfoDatabaseTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    private final OsDatabase db = OsinfoDatabase.load(fixture(), DEC_2026);

    private static Path fixture() {
        try {
            return Path.of(OsinfoDatabaseTest.class.getResource("/osinfo-fixture").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private OsEntry entry(String id) {
        return db.byId(id).orElseThrow(() -> new AssertionError("no entry " + id));
    }

    private static List<String> ids(List<OsEntry> entries) {
        return entries.stream().map(OsEntry::id).toList();
    }

    @Test
    void aDerivedOsTakesWhatItDoesNotSayFromTheOsItDerivesFrom() {
        OsEntry two = entry("http://example.org/exlinux/2");
        assertEquals(new OsEntry("http://example.org/exlinux/2", "exlinux2", "Example Linux 2", "Example Project",
                "linux", 4 * GIB / 1024, 2, 10 * GIB, 512 * MIB / 1024, "virtio", "virtio", false), two,
                "its own x86_64 memory (not the i686 one); storage, minimum memory and virtio devices from 1");
    }

    @Test
    void namesAreTheUntranslatedOnesOfTheOsItselfNotOfItsVariants() {
        OsEntry one = entry("http://example.org/exlinux/1");
        assertEquals("Example Linux 1", one.name());
        assertEquals("Example Project", one.vendor());
        assertEquals("exlinux1", one.shortId(), "the first short id");
        assertEquals(1 * GIB / 1024, one.memoryKiB(), "recommended memory");
    }

    @Test
    void anUpgradeInheritsThroughTwoStepsAndCanWithdrawADevice() {
        OsEntry ten = entry("http://example.org/exlinux/10");
        assertEquals(4, ten.vcpus(), "the vCPUs it recommends");
        assertEquals(6 * GIB / 1024, ten.memoryKiB(), "its own minimum, above the 4 GiB 2 recommends");
        assertEquals(10 * GIB, ten.storageBytes(), "from 1, through 2");
        assertEquals("virtio", ten.diskBus(), "virtio-block from 1");
        assertEquals("e1000e", ten.nicModel(), "virtio1.0-net is marked supported=\"false\"");
    }

    @Test
    void anOsWithoutVirtioDriversGetsSataAndE1000eAndItsMinimumMemory() {
        OsEntry seven = entry("http://oldsoft.com/oldsoft/7");
        assertEquals("sata", seven.diskBus());
        assertEquals("e1000e", seven.nicModel());
        assertEquals(2 * GIB / 1024, seven.memoryKiB(), "no recommendation: its minimum");
        assertEquals(2 * GIB / 1024, seven.minimumMemoryKiB());
        assertEquals(32 * GIB, seven.storageBytes(), "its minimum, above the generic 20 GiB");
        assertEquals(2, seven.vcpus(), "the generic 2, above its minimum of 1");
        assertEquals("winnt", seven.family());
        assertFalse(seven.eol());
    }

    @Test
    void endOfLifeByItsDateOrFiveYearsAfterItsRelease() {
        assertTrue(entry("http://example.org/exlinux/1").eol(), "eol-date 2019");
        OsEntry six = entry("http://oldsoft.com/oldsoft/6");
        assertTrue(six.eol(), "released 2012, no eol-date");
        assertEquals(List.of(2 * GIB / 1024, 2L, 20 * GIB, 0L),
                List.of(six.memoryKiB(), (long) six.vcpus(), six.storageBytes(), six.minimumMemoryKiB()),
                "no resources at all: the generic ones");
        assertFalse(entry("http://example.org/exlinux/2").eol(), "released 2024");
    }

    @Test
    void aBrokenFileIsSkippedAndTheOthersAreRead() {
        assertEquals(5, db.size());
        assertTrue(db.byId("http://oldsoft.com/broken/1").isEmpty());
        assertEquals(List.of(), db.search("broken", 10));
    }

    @Test
    void anEmptySearchListsNewerReleasesFirstAndEndOfLifeOnesLast() {
        assertEquals(List.of("http://example.org/exlinux/10", "http://example.org/exlinux/2",
                        "http://oldsoft.com/oldsoft/7", OsDatabase.GENERIC_ID,
                        "http://example.org/exlinux/1", "http://oldsoft.com/oldsoft/6"),
                ids(db.search("", 10)), "undated generic after the dated supported ones");
        assertEquals(List.of("http://example.org/exlinux/10", "http://example.org/exlinux/2"), ids(db.search("  ", 2)));
    }

    @Test
    void everyWordMustMatchNameShortIdVendorOrVersion() {
        assertEquals(List.of("http://example.org/exlinux/2"), ids(db.search("Example 2", 10)));
        assertEquals(List.of("http://oldsoft.com/oldsoft/7", "http://oldsoft.com/oldsoft/6"),
                ids(db.search("oldsoft inc", 10)), "by vendor");
        assertEquals(List.of("http://example.org/exlinux/1"), ids(db.search("EXLINUXONE", 10)), "a second short id");
        assertEquals(List.of(), ids(db.search("example oldsoft", 10)));
        assertEquals(1, db.search("example", 1).size(), "at most the limit");
    }

    @Test
    void anExactShortIdComesFirstEvenWhenItIsOlder() {
        assertEquals(List.of("http://example.org/exlinux/1", "http://example.org/exlinux/10"),
                ids(db.search("exlinux 1", 10)), "\"exlinux 1\" names exlinux1; exlinux10 matches too");
        assertEquals(List.of("http://example.org/exlinux/1", "http://example.org/exlinux/10"),
                ids(db.search("exlinux1", 10)));
    }

    @Test
    void theGenericEntryIsFoundByIdAndBySearch() {
        OsEntry generic = db.generic();
        assertEquals(new OsEntry("generic", "generic", "Generic OS", "", "", 2 * GIB / 1024, 2, 20 * GIB, 0,
                "virtio", "virtio", false), generic);
        assertEquals(generic, db.byId(OsDatabase.GENERIC_ID).orElseThrow());
        assertEquals(List.of(generic), db.search("generic", 10));
        assertTrue(db.byId("http://example.org/none").isEmpty());
        assertTrue(db.byId(null).isEmpty());
    }

    @Test
    void withoutTheDatabaseOnlyTheGenericEntryIsOffered(@TempDir Path empty) throws Exception {
        for (Path dir : List.of(empty.resolve("missing"), Files.createDirectories(empty.resolve("no-os-folder")))) {
            OsDatabase none = OsinfoDatabase.load(dir, DEC_2026);
            assertEquals(0, none.size());
            assertEquals(List.of(none.generic()), none.search("", 10));
            assertEquals(List.of(), none.search("debian", 10));
            assertEquals(none.generic(), none.byId(OsDatabase.GENERIC_ID).orElseThrow());
        }
    }

    @Test
    void aSuggestedNameIsTheShortIdThenNumberedWhileTaken() {
        OsEntry two = entry("http://example.org/exlinux/2");
        assertEquals("exlinux2", db.suggestName(two, name -> false));
        Set<String> taken = Set.of("exlinux2", "exlinux2-2");
        assertEquals("exlinux2-3", db.suggestName(two, taken::contains));
        assertEquals("generic", db.suggestName(db.generic(), Set.of("exlinux2")::contains));
    }
}
