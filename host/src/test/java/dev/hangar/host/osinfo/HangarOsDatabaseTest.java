package dev.hangar.host.osinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hangar.host.Hangar;
import dev.hangar.host.ui.TestHangar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host reads the database {@code --osinfo-dir} names, once, and hands the same one to every view. */
class HangarOsDatabaseTest {

    @Test
    void theHostReadsTheFolderOfItsOption(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(HangarOsDatabaseTest.class.getResource("/osinfo-fixture").toURI());
        try (Hangar hangar = TestHangar.startHangar(Files.createDirectories(dir.resolve("plugins")),
                dir.resolve("data"), Clock.systemUTC(), List.of("--auth", "file", "--osinfo-dir", fixture.toString()))) {
            assertEquals(fixture, hangar.options().osinfoDir());
            assertEquals(5, hangar.osDatabase().size());
            assertEquals("exlinux2", hangar.osDatabase().byId("http://example.org/exlinux/2").orElseThrow().shortId());
            assertSame(hangar.osDatabase(), hangar.osDatabase(), "read once");
        }
    }
}
