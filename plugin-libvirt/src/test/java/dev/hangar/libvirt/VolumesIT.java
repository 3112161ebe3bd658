package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** Copies into new volumes on the real libvirtd, checked byte for byte and with virsh. */
class VolumesIT {
    private Daemon daemon;
    private Connect connect;
    private Volumes ledger;
    private final List<Path> files = new ArrayList<>();

    @BeforeEach
    void open() throws LibvirtException {
        daemon = Daemon.require();
        connect = new Connect(Daemon.URI);
        ledger = new Volumes();
    }

    @AfterEach
    void close() throws LibvirtException, IOException {
        List<String> problems = ledger.deleteAll(connect);
        connect.close();
        daemon.cleanUp();
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aVolumeIsCopiedByteForByteWithProgressToTheEnd() throws Exception {
        String name = Daemon.name("src") + ".raw";
        Path random = file(3 * Volumes.CHUNK + 12_345);
        String source = ledger.create(connect, Daemon.POOL, name, Files.size(random), "raw").path();
        Daemon.virsh("vol-upload", "--pool", Daemon.POOL, name, random.toString());

        List<long[]> reports = new ArrayList<>();
        String copyName = Daemon.name("copy") + ".raw";
        Volumes.Made copy = ledger.copy(connect, source, Daemon.POOL, copyName, false,
                (done, total) -> reports.add(new long[] {done, total}), new Volumes.Cancel());

        assertArrayEquals(sha256(Files.readAllBytes(random)), sha256(download(copyName)));
        long length = Files.size(random);
        assertEquals(0, reports.get(0)[0]);
        assertArrayEquals(new long[] {length, length}, reports.get(reports.size() - 1));
        assertTrue(reports.size() >= 5, "one report per chunk: " + reports.size());
        assertTrue(Daemon.virsh("vol-list", Daemon.POOL).contains(copyName));
        assertEquals(copy, ledger.made().get(1));
    }

    @Test
    void aQcow2StaysAQcow2WithItsVirtualSize() throws Exception {
        String name = Daemon.name("q") + ".qcow2";
        String source = daemon.volume(name, "5M");
        String copyName = Daemon.name("qcopy") + ".qcow2";
        ledger.copy(connect, source, Daemon.POOL, copyName, false, (done, total) -> { }, new Volumes.Cancel());
        String xml = Daemon.virsh("vol-dumpxml", "--pool", Daemon.POOL, copyName);
        assertTrue(xml.contains("<format type='qcow2'/>"), xml);
        assertTrue(xml.contains("<capacity unit='bytes'>5242880</capacity>"), xml);
    }

    @Test
    void aFileOfThisMachineIsCopiedWhenTheHostIsLocal() throws Exception {
        Path random = file(Volumes.CHUNK + 7);
        String copyName = Daemon.name("file") + ".raw";
        ledger.copy(connect, random.toString(), Daemon.POOL, copyName, true, (done, total) -> { }, new Volumes.Cancel());
        assertArrayEquals(sha256(Files.readAllBytes(random)), sha256(download(copyName)));
    }

    @Test
    void aCancelDuringTheCopyRemovesThePartialVolume() throws Exception {
        Path random = file(40 * Volumes.CHUNK);
        String copyName = Daemon.name("cancel") + ".raw";
        Volumes.Cancel cancel = new Volumes.Cancel();
        List<Long> seen = new ArrayList<>();
        assertThrows(CancellationException.class, () -> ledger.copy(connect, random.toString(), Daemon.POOL, copyName,
                true, (done, total) -> {
                    seen.add(done);
                    if (done >= 3L * Volumes.CHUNK) {
                        assertTrue(daemon.volumeExists(copyName), "the partial volume exists during the copy");
                        cancel.cancel();
                    }
                }, cancel));
        assertEquals(3L * Volumes.CHUNK, seen.get(seen.size() - 1), "it stopped at the next chunk");
        assertFalse(daemon.volumeExists(copyName), "the partial copy is gone");
        assertEquals(List.of(), ledger.made());
    }

    @Test
    void aCopyIntoANameThatExistsLeavesTheExistingVolumeAlone() throws Exception {
        String name = Daemon.name("exists") + ".qcow2";
        String existing = daemon.volume(name, "1M");
        Path random = file(1000);
        assertThrows(LibvirtException.class, () -> ledger.copy(connect, random.toString(), Daemon.POOL, name, true,
                (done, total) -> { }, new Volumes.Cancel()));
        assertTrue(daemon.volumeExists(name));
        assertTrue(Daemon.virsh("vol-dumpxml", "--pool", Daemon.POOL, name).contains("<format type='qcow2'/>"),
                "untouched: " + existing);
        assertEquals(List.of(), ledger.made());
    }

    @Test
    void theFreeSpaceIsThePoolsAndShrinksByANewRawVolume() throws LibvirtException {
        long before = Volumes.availableBytes(connect, Daemon.POOL);
        String info = Daemon.virsh("pool-info", "--bytes", Daemon.POOL);
        assertTrue(info.contains("Available:"), info);
        Volumes.Made made = ledger.create(connect, Daemon.POOL, Daemon.name("space") + ".raw", 16L << 20, "raw");
        // Raw volumes are sparse: a few blocks at most, never the whole 16 MiB.
        long after = Volumes.availableBytes(connect, Daemon.POOL);
        assertTrue(before - after < 16L << 20, before + " -> " + after);
        ledger.delete(connect, made);
        assertFalse(daemon.volumeExists(made.name()));
    }

    private Path file(int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        Path file = Files.createTempFile("hangar-test-vol", ".bin");
        files.add(file);
        Files.write(file, data);
        return file;
    }

    private byte[] download(String volume) throws IOException {
        Path out = Files.createTempFile("hangar-test-download", ".bin");
        files.add(out);
        Daemon.virsh("vol-download", "--pool", Daemon.POOL, volume, out.toString());
        return Files.readAllBytes(out);
    }

    private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
