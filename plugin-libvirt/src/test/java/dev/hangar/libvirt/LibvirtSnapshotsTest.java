package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots on the test driver ({@code snapshots-host.xml}): the tree, the refusals, revert and delete. */
class LibvirtSnapshotsTest {
    private static final String OFF = "hangar-test-snap-off";
    private static final String RUNNING = "hangar-test-snap-running";
    private static final String RAW = "hangar-test-snap-raw";
    private Harness h;

    @BeforeEach
    void start() {
        h = Harness.onFixture("/snapshots-host.xml");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private SnapshotList list(String vm) throws Exception {
        return h.libvirt().snapshots(h.ref(vm));
    }

    private List<String> names(String vm) throws Exception {
        return list(vm).snapshots().stream().map(Snapshot::name).toList();
    }

    @Test
    void aTreeOfSnapshotsWithTheCurrentOneMarkedAndParentsFirst() throws Exception {
        VmRef off = h.ref(OFF);
        SnapshotList none = list(OFF);
        assertEquals(List.of(), none.snapshots());
        assertNull(none.unsupported(), "qcow2 disk; the CD-ROM is left out");
        assertFalse(none.memory(), "shut off: no memory to save");

        assertEquals("Took snapshot 'base' of VM '" + OFF + "'",
                h.run(h.libvirt().takeSnapshot(off, new SnapshotSpec("base", "before <upgrade> & co", false))));
        h.run(h.libvirt().takeSnapshot(off, new SnapshotSpec("upgraded", "", false)));
        h.run(h.libvirt().revertToSnapshot(off, "base"));
        h.run(h.libvirt().takeSnapshot(off, new SnapshotSpec("other-branch", null, false)));

        List<Snapshot> tree = list(OFF).snapshots();
        assertEquals("base", tree.get(0).name(), "the parent first; its children by age, then name (seconds)");
        assertEquals(java.util.Set.of("upgraded", "other-branch"), java.util.Set.of(tree.get(1).name(), tree.get(2).name()));
        Snapshot base = tree.get(0);
        assertNull(base.parent());
        assertEquals("before <upgrade> & co", base.description(), "the description as written, escaped on the way");
        assertEquals("shutoff", base.vmState());
        assertFalse(base.withMemory());
        assertTrue(base.createdAt().isAfter(Instant.now().minusSeconds(600)), base.createdAt().toString());
        assertEquals("base", tree.get(1).parent());
        assertEquals("base", tree.get(2).parent(), "taken after the revert to base: a sibling of upgraded");
        assertEquals("other-branch", list(OFF).current().name());
        assertEquals(1, tree.stream().filter(Snapshot::current).count());
    }

    @Test
    void aRunningVmsSnapshotHoldsItsMemoryAndARevertRestoresItsState() throws Exception {
        VmRef running = h.ref(RUNNING);
        assertTrue(list(RUNNING).memory());
        String refusal = h.failureOf(h.libvirt().takeSnapshot(running, new SnapshotSpec("disks", "", false))).getMessage();
        assertTrue(refusal.contains("is running: its snapshot holds its memory too"), refusal);
        assertEquals(List.of(), names(RUNNING), "the refusal took nothing");

        h.run(h.libvirt().takeSnapshot(running, new SnapshotSpec("live", "", true)));
        Snapshot live = list(RUNNING).snapshots().get(0);
        assertEquals("running", live.vmState());
        assertTrue(live.withMemory());

        h.libvirt().connectionFor(running.connection()).withDomain(running, domain -> { domain.destroy(); return null; });
        h.awaitState(RUNNING, VmStates.SHUT_OFF);
        h.run(h.libvirt().revertToSnapshot(running, "live"));
        h.awaitState(RUNNING, VmStates.RUNNING);
    }

    @Test
    void refusalsSayWhyAndChangeNothing() throws Exception {
        SnapshotList raw = list(RAW);
        assertEquals("Disk vdb is raw: internal snapshots need qcow2.", raw.unsupported());
        String refusal = h.failureOf(h.libvirt().takeSnapshot(h.ref(RAW), new SnapshotSpec("s", "", false))).getMessage();
        assertEquals("Disk vdb is raw: internal snapshots need qcow2.", refusal);
        assertEquals(List.of(), names(RAW));

        VmRef off = h.ref(OFF);
        h.run(h.libvirt().takeSnapshot(off, new SnapshotSpec("base", "", false)));
        refusal = h.failureOf(h.libvirt().takeSnapshot(off, new SnapshotSpec("base", "", false))).getMessage();
        assertEquals("VM '" + OFF + "' has a snapshot named 'base' already.", refusal);
        refusal = h.failureOf(h.libvirt().revertToSnapshot(off, "gone")).getMessage();
        assertEquals("VM '" + OFF + "' has no snapshot named 'gone' (any more).", refusal);
        assertEquals(List.of("base"), names(OFF));
    }

    @Test
    void deletingOneKeepsItsChildrenAndWithChildrenTakesTheBranch() throws Exception {
        VmRef off = h.ref(OFF);
        for (String name : List.of("a", "b", "c")) {
            h.run(h.libvirt().takeSnapshot(off, new SnapshotSpec(name, "", false)));
        }
        h.run(h.libvirt().deleteSnapshot(off, "b", false));
        List<Snapshot> left = list(OFF).snapshots();
        assertEquals(List.of("a", "c"), left.stream().map(Snapshot::name).toList());
        assertEquals("a", left.get(1).parent(), "c moves up to b's parent");
        assertEquals("Deleted snapshot 'a' and those taken on top of it of VM '" + OFF + "'",
                h.run(h.libvirt().deleteSnapshot(off, "a", true)));
        assertEquals(List.of(), names(OFF));
    }
}
