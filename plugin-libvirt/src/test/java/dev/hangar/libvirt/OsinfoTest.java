package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OS names from an osinfo database laid out as osinfo-db installs it, and without one. */
class OsinfoTest {

    private static void entry(Path db, String vendor, String file, String id, String name) throws IOException {
        Path dir = Files.createDirectories(db.resolve("os").resolve(vendor));
        Files.writeString(dir.resolve(file), """
                <?xml version="1.0" encoding="UTF-8"?>
                <libosinfo version="0.0.1">
                  <os id="%s">
                    <short-id>x</short-id>
                    <name xml:lang="de">Übersetzt</name>
                    <name>%s</name>
                    <variant id="netinst"><name>Not this one</name></variant>
                  </os>
                </libosinfo>
                """.formatted(id, name));
    }

    @Test
    void namesComeFromTheDatabaseWhereItHasTheId(@TempDir Path db) throws IOException {
        entry(db, "debian.org", "debian-11.xml", "http://debian.org/debian/11", "Debian GNU/Linux 11 (bullseye)");
        // A file not named after its id is found by reading the vendor's folder.
        entry(db, "microsoft.com", "win-server-2022.xml", "http://microsoft.com/win/2k22", "Microsoft Windows Server 2022");
        Osinfo osinfo = new Osinfo(db);
        assertEquals("Debian GNU/Linux 11 (bullseye)", osinfo.name("http://debian.org/debian/11"));
        assertEquals("Microsoft Windows Server 2022", osinfo.name("http://microsoft.com/win/2k22"));
        assertEquals("Debian 12", osinfo.name("http://debian.org/debian/12"), "an id the database lacks reads as itself");
        assertNull(osinfo.name(null));
    }

    @Test
    void withoutADatabaseTheIdIsMadeReadableAndOddIdsNeverFail(@TempDir Path dir) throws IOException {
        Osinfo osinfo = new Osinfo(dir.resolve("absent"));
        assertEquals("Debian 11", osinfo.name("http://debian.org/debian/11"));
        assertEquals("Ubuntu 22.04", osinfo.name("http://ubuntu.com/ubuntu/22.04"));
        assertEquals("not a uri at all", osinfo.name("not a uri at all"));
        assertEquals("http://example.com/", osinfo.name("http://example.com/"));
        // Ids come from VM definitions: none of these may reach a file outside the database.
        Files.writeString(dir.resolve("secret.xml"), "<libosinfo><os id='http://x.org/../../secret'><name>leak</name></os></libosinfo>");
        Osinfo near = new Osinfo(dir.resolve("db"));
        assertEquals("http://x.org/../../secret", near.name("http://x.org/../../secret"));
        assertEquals("http://../secret", near.name("http://../secret"));
        assertEquals("http://x.org/a%2F..%2Fb", near.name("http://x.org/a%2F..%2Fb"));
        Files.createDirectories(dir.resolve("db/os/broken.org"));
        Files.writeString(dir.resolve("db/os/broken.org/os-1.xml"), "<libosinfo><os id='http://broken.org/os/1'><name>");
        assertEquals("Os 1", near.name("http://broken.org/os/1"), "a broken database file counts as missing");
    }
}
