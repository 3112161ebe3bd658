package dev.hangar.host.security.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    private static AuditEntry entry(int i) {
        return new AuditEntry(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "alice", "operator", "10.0.0.1",
                "vm:p/c/web" + i, "start", Map.of("storage", List.of("vda")), AuditEntry.OK, null);
    }

    @Test
    void appendsOneJsonLinePerEntryAndNeverRewritesEarlierLines() throws Exception {
        AuditLog log = new AuditLog(dir.resolve("sub/audit.log"));
        log.append(entry(1));
        byte[] first = Files.readAllBytes(log.file());
        log.append(entry(2));
        byte[] both = Files.readAllBytes(log.file());

        assertTrue(both.length > first.length);
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], both[i], "byte " + i + " of the first entry changed");
        }
        List<String> lines = Files.readAllLines(log.file());
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"time\":\"2026-01-01T00:00:01Z\",\"user\":\"alice\""), lines.get(0));
        assertEquals(List.of(entry(1), entry(2)), log.last(10));
    }

    @Test
    void lastGivesTheNewestEntriesAndSkipsDamagedLines() throws Exception {
        AuditLog log = new AuditLog(dir.resolve("audit.log"));
        for (int i = 0; i < 5; i++) {
            log.append(entry(i));
        }
        Files.writeString(log.file(), "not json\n", StandardOpenOption.APPEND);
        assertEquals(List.of(entry(3), entry(4)), log.last(2));
    }

    /** A plugin's object that JSON cannot write: no properties, only a string form. */
    private static final class Disk {
        @Override
        public String toString() {
            return "disk vda";
        }
    }

    @Test
    void anOptionJsonCannotWriteIsWrittenAsItsStringFormAndTheEntryIsKept() {
        AuditLog log = new AuditLog(dir.resolve("audit.log"));
        log.append(new AuditEntry(Instant.parse("2026-01-01T00:00:00Z"), "alice", "operator", "10.0.0.1",
                "vm:p/c/web", "copy-all", Map.of("disk", new Disk()), AuditEntry.FAILED, "bad options"));
        AuditEntry written = log.last(1).get(0);
        assertEquals(Map.of("disk", "disk vda"), written.options());
        assertEquals(List.of("copy-all", AuditEntry.FAILED, "bad options"), List.of(written.verb(), written.result(), written.message()));
    }
}
