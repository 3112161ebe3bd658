package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Making, tracking and removing volumes in the test driver's pool {@code default-pool} (which has no
 * upload or download: copies are tested on the daemon, {@link VolumesIT}).
 */
class VolumesTest {
    private static final String POOL = "default-pool";
    private static final long MIB = 1024 * 1024;
    private Connect connect;

    @BeforeEach
    void open() throws LibvirtException {
        connect = new Connect("test:///default");
    }

    @AfterEach
    void close() throws LibvirtException {
        connect.close();
    }

    @Test
    void aVolumeIsMadeTrackedAndDeletedAndTheFreeSpaceFollows() throws LibvirtException {
        long before = Volumes.availableBytes(connect, POOL);
        Volumes ledger = new Volumes();
        Volumes.Made made = ledger.create(connect, POOL, "hangar-test-a.qcow2", 64 * MIB, "qcow2");
        assertEquals(List.of(made), ledger.made());
        assertEquals("/default-pool/hangar-test-a.qcow2", made.path());
        StorageVol vol = connect.storageVolLookupByPath(made.path());
        try {
            assertEquals(64 * MIB, vol.getInfo().capacity);
            assertTrue(vol.getXMLDesc(0).contains("<format type='qcow2'/>"), vol.getXMLDesc(0));
        } finally {
            Handles.free(vol);
        }
        assertTrue(Volumes.availableBytes(connect, POOL) <= before, "the test driver counts the allocation");

        ledger.delete(connect, made);
        assertEquals(List.of(), ledger.made());
        assertEquals(List.of(), List.of(pool().listVolumes()));
        assertEquals(before, Volumes.availableBytes(connect, POOL));
    }

    @Test
    void aVolumeTheLedgerDidNotMakeIsNeverDeleted() throws LibvirtException {
        Volumes other = new Volumes();
        Volumes.Made theirs = other.create(connect, POOL, "hangar-test-theirs.raw", MIB, "raw");
        Volumes mine = new Volumes();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> mine.delete(connect, theirs));
        assertTrue(refused.getMessage().contains("not made here"), refused.getMessage());
        assertEquals(List.of(), mine.deleteAll(connect));
        assertEquals(List.of("hangar-test-theirs.raw"), List.of(pool().listVolumes()));

        // A name that exists is libvirt's refusal; the existing volume is not taken over.
        assertThrows(LibvirtException.class, () -> mine.create(connect, POOL, "hangar-test-theirs.raw", MIB, "raw"));
        assertEquals(List.of(), mine.made());
        assertEquals(List.of(), mine.deleteAll(connect));
        assertEquals(List.of("hangar-test-theirs.raw"), List.of(pool().listVolumes()));
        other.delete(connect, theirs);
    }

    @Test
    void deleteAllRemovesWhatWasMadeNewestFirstAndAVolumeGoneAlreadyIsNoProblem() throws LibvirtException {
        StoragePool pool = pool();
        try {
            pool.storageVolCreateXML(Volumes.volumeXml("hangar-test-keep.raw", MIB, "raw"), 0).free();
            Volumes ledger = new Volumes();
            ledger.create(connect, POOL, "hangar-test-1.qcow2", MIB, "qcow2");
            Volumes.Made second = ledger.create(connect, POOL, "hangar-test-2.raw", MIB, "raw");
            StorageVol vol = connect.storageVolLookupByPath(second.path());
            vol.delete(0);
            Handles.free(vol);

            assertEquals(List.of(), ledger.deleteAll(connect));
            assertEquals(List.of(), ledger.made());
            assertEquals(List.of("hangar-test-keep.raw"), List.of(pool.listVolumes()));
            StorageVol keep = pool.storageVolLookupByName("hangar-test-keep.raw");
            keep.delete(0);
            Handles.free(keep);
        } finally {
            Handles.free(pool);
        }
    }

    @Test
    void onlyQcow2AndRawAndOddNamesAreEscaped() throws LibvirtException {
        Volumes ledger = new Volumes();
        assertThrows(IllegalArgumentException.class, () -> ledger.create(connect, POOL, "hangar-test-v.vmdk", MIB, "vmdk"));
        Volumes.Made odd = ledger.create(connect, POOL, "hangar-test-<&'\">.img", MIB, "raw");
        assertEquals("hangar-test-<&'\">.img", odd.name());
        assertEquals(List.of(), ledger.deleteAll(connect));
        assertEquals(List.of(), List.of(pool().listVolumes()));
    }

    @Test
    void aCopyFromAPathThatIsNoVolumeOnARemoteHostIsRefusedAndMakesNothing() {
        Volumes ledger = new Volumes();
        Exception e = assertThrows(Exception.class, () -> ledger.copy(connect, "/etc/hostname", POOL,
                "hangar-test-copy", false, (done, total) -> { }, new Volumes.Cancel()));
        assertTrue(e.getMessage().contains("only pool volumes can be read"), e.getMessage());
        assertEquals(List.of(), ledger.made());
    }

    @Test
    void localUris() {
        assertTrue(Volumes.localHost("qemu:///system"));
        assertTrue(Volumes.localHost("qemu+unix:///system"));
        assertTrue(Volumes.localHost("test:///default"));
        assertEquals(false, Volumes.localHost("qemu+tcp://10.0.0.2/system"));
        assertEquals(false, Volumes.localHost("qemu+ssh://root@host/system"));
    }

    private StoragePool pool() throws LibvirtException {
        return connect.storagePoolLookupByName(POOL);
    }
}
