package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.testkit.TestConsole;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Internal snapshots of the real tiny guest on qemu:///system, with a qcow2 disk of its own (QEMU keeps
 * the guest's memory in it): a change made in the guest after a snapshot is gone after the revert.
 * Checked with {@code virsh snapshot-list} too. One guest for the class; its boot takes 15-50 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotsIT {
    private static final Duration SHELL = Duration.ofSeconds(60);

    private Daemon daemon;
    private Harness h;
    private TinyGuest guest;
    private String volume;
    private VmRef ref;

    @BeforeAll
    void bootTheGuestWithAQcow2Disk() throws Exception {
        daemon = Daemon.require();
        h = Harness.started(Harness.options(Daemon.URI));
        guest = TinyGuest.define(daemon, "snap");
        volume = guest.name + ".qcow2";
        String path = daemon.volume(volume, "64M");
        Daemon.virsh("attach-disk", guest.name, path, "vdb", "--subdriver", "qcow2", "--config");
        h.awaitState(guest.name, VmStates.SHUT_OFF);
        ref = h.ref(guest.name);
        guest.startAndAwaitReady();
        h.awaitState(guest.name, VmStates.RUNNING);
    }

    @AfterAll
    void removeTheGuest() throws Exception {
        if (daemon != null) {
            daemon.cleanUp();
        }
        if (h != null) {
            h.close();
        }
        if (guest != null) {
            guest.deleteLog();
        }
    }

    private List<String> virshSnapshots() {
        return Arrays.stream(Daemon.virsh("snapshot-list", guest.name, "--name").split("\n"))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private void shell(String command, String expected) throws Exception {
        try (TestConsole console = TestConsole.open(h.libvirt(), ref, "serial0", false)) {
            console.type(command + "\r");
            console.expect(expected, SHELL);
        }
    }

    @Test
    @Order(1)
    void aChangeInTheGuestAfterASnapshotWithMemoryIsGoneAfterTheRevert() throws Exception {
        SnapshotList before = h.libvirt().snapshots(ref);
        assertNull(before.unsupported(), "the qcow2 disk takes internal snapshots");
        assertTrue(before.memory(), "running: the memory can be saved");

        String taken = h.run(h.libvirt().takeSnapshot(ref, new SnapshotSpec("before-change", "the <clean> guest", true)), 300);
        assertEquals("Took snapshot 'before-change' of VM '" + guest.name + "' with its memory", taken);
        assertEquals(List.of("before-change"), virshSnapshots());
        Snapshot snapshot = h.libvirt().snapshots(ref).current();
        assertEquals("before-change", snapshot.name());
        assertTrue(snapshot.withMemory());
        assertEquals("running", snapshot.vmState());

        // The change: a file in the guest's RAM-backed root, which only the saved memory can undo.
        shell("echo changed > /hangar-marker; cat /hangar-marker && echo MARKER-$((40+2))-SET", "MARKER-42-SET");

        h.run(h.libvirt().revertToSnapshot(ref, "before-change"), 300);
        h.awaitState(guest.name, VmStates.RUNNING);
        shell("test -e /hangar-marker || echo MARKER-$((40+2))-GONE", "MARKER-42-GONE");
        assertEquals(List.of("before-change"), virshSnapshots(), "a revert keeps the snapshot");
    }

    @Test
    @Order(2)
    void aRevertToASnapshotWhoseDiskWasReplacedBehindHangarsBackSaysSoAndKeepsTheVm() throws Exception {
        Daemon.virsh("destroy", guest.name);
        h.awaitState(guest.name, VmStates.SHUT_OFF);
        h.run(h.libvirt().takeSnapshot(ref, new SnapshotSpec("offline", "", false)), 120);
        assertEquals("shutoff", h.libvirt().snapshots(ref).current().vmState());
        // Someone replaces the disk by a new, empty qcow2 of the same name: it holds no snapshot.
        Daemon.virsh("vol-delete", "--pool", Daemon.POOL, volume);
        Daemon.virsh("vol-create-as", Daemon.POOL, volume, "64M", "--format", "qcow2");

        String failure = h.failureOf(h.libvirt().revertToSnapshot(ref, "offline")).getMessage();
        assertTrue(failure.startsWith("Could not revert VM '" + guest.name + "': "), failure);
        assertTrue(failure.contains("offline"), "names the snapshot libvirt could not find: " + failure);
        assertEquals(VmStates.SHUT_OFF, h.vm(guest.name).state(), "the VM is there, as it was");
        assertTrue(virshSnapshots().contains("offline"));
    }

    @Test
    @Order(3)
    void deletingWithChildrenRemovesTheWholeBranchFromLibvirt() throws Exception {
        // The replaced disk has none of the old internal snapshots: forget their metadata first.
        for (String name : virshSnapshots()) {
            Daemon.virsh("snapshot-delete", guest.name, name, "--metadata");
        }
        h.run(h.libvirt().takeSnapshot(ref, new SnapshotSpec("root", "", false)), 120);
        h.run(h.libvirt().takeSnapshot(ref, new SnapshotSpec("child", "", false)), 120);
        assertEquals("root", h.libvirt().snapshots(ref).snapshots().get(1).parent());
        h.run(h.libvirt().deleteSnapshot(ref, "root", true), 120);
        assertEquals(List.of(), virshSnapshots());
        assertEquals(List.of(), h.libvirt().snapshots(ref).snapshots());
    }
}
