package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmWarning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against a real libvirtd ({@code qemu:///system}), checked with virsh. */
class LibvirtDaemonIT {
    private Daemon daemon;
    private Harness h;

    @BeforeEach
    void start() {
        daemon = Daemon.require();
        h = Harness.started(Harness.options(Daemon.URI, ProviderOptions.STATS_INTERVAL, "0.5",
                ProviderOptions.ACPI_TIMEOUT, "3"));
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        daemon.cleanUp();
    }

    @Test
    void aVmDefinedWithVirshAppearsByEventAndEveryVerbChangesItsState() {
        String name = Daemon.name("life");
        String disk = daemon.volume(name + ".qcow2", "64M");
        daemon.defineWithDisks(name, List.of(disk));

        h.awaitState(name, VmStates.SHUT_OFF);
        Vm vm = h.vm(name);
        assertEquals("System", h.connection(Daemon.URI).label());
        VmDisk vda = vm.disk("vda");
        assertEquals(disk, vda.source());
        assertEquals("qcow2", vda.format());
        assertEquals(64L * 1024 * 1024, vda.capacity(), "capacity from the bulk block stats");
        assertNotNull(vda.allocation());
        assertEquals("isolated", vm.nics().get(0).source());
        VmRef ref = vm.ref();

        h.run(h.provider.startVm(ref));
        // The event's state shows first; the NIC's host device comes with the full read after it.
        h.awaitState(name, VmStates.RUNNING, "booted");
        assertTrue(h.vm(name).nics().get(0).target().startsWith("vnet"), "a running VM's NIC has its host device");

        h.await("CPU usage of the running VM is measured", s -> {
            VmUsage usage = s.usage().get(ref);
            return usage != null && usage.cpuKnown() && usage.memoryKnown();
        });

        String extra = daemon.volume(name + "-hot.qcow2", "16M");
        Daemon.virsh("attach-disk", name, extra, "vdb", "--driver", "qemu", "--subdriver", "qcow2", "--live");
        h.await("the hot-plugged disk shows by the device-added event", s -> s.vms().get(ref) != null
                && s.vms().get(ref).disk("vdb") != null);

        h.run(h.provider.pauseVm(ref));
        h.awaitState(name, VmStates.PAUSED);
        h.run(h.provider.resumeVm(ref));
        h.awaitState(name, VmStates.RUNNING);

        h.run(h.provider.forceRebootVm(ref));
        h.run(h.provider.sendNmiVm(ref));
        assertEquals("running", Daemon.virsh("domstate", name).trim());

        h.run(h.provider.forceOffVm(ref));
        h.awaitState(name, VmStates.SHUT_OFF);
        assertEquals("shut off", Daemon.virsh("domstate", name).trim());

        Daemon.virsh("undefine", name);
        h.await(name + " leaves the store after virsh undefine", s -> !h.names().contains(name));
    }

    @Test
    void aShutdownThatTheGuestIgnoresFailsAfterTheTimeout() {
        String name = Daemon.name("noos");
        daemon.defineWithDisks(name, List.of());
        h.awaitState(name, VmStates.SHUT_OFF);
        VmRef ref = h.ref(name);
        h.run(h.provider.startVm(ref));
        h.awaitState(name, VmStates.RUNNING);

        Throwable ignored = h.failureOf(h.provider.shutdownVm(ref));
        assertEquals("The guest did not react to the shutdown request within 3 s; it may have no OS or no ACPI "
                + "support. Use Force off.", ignored.getMessage());
        assertEquals("running", Daemon.virsh("domstate", name).trim());
    }

    @Test
    void deleteWithStorageRemovesExactlyTheChosenVolumes() {
        String name = Daemon.name("del");
        String root = daemon.volume(name + "-root.qcow2", "32M");
        String data = daemon.volume(name + "-data.qcow2", "32M");
        String other = Daemon.name("keep");
        String otherDisk = daemon.volume(other + ".qcow2", "32M");
        daemon.defineWithDisks(name, List.of(root, data));
        daemon.defineWithDisks(other, List.of(otherDisk));
        h.awaitState(name, VmStates.SHUT_OFF);
        VmRef ref = h.ref(name);
        h.run(h.provider.startVm(ref));
        h.awaitState(name, VmStates.RUNNING);

        Throwable refused = h.failureOf(h.provider.deleteVm(ref, new DeleteOptions(false, List.of("vdb"))));
        assertTrue(refused.getMessage().contains("is running; it was not deleted"), refused.getMessage());
        assertTrue(daemon.domainExists(name));
        assertTrue(daemon.volumeExists(name + "-data.qcow2"));

        h.run(h.provider.deleteVm(ref, new DeleteOptions(true, List.of("vdb"))));
        h.await(name + " leaves the store", s -> !h.names().contains(name));
        assertFalse(daemon.domainExists(name), "virsh no longer knows the VM");
        assertFalse(daemon.volumeExists(name + "-data.qcow2"), "the chosen volume is gone");
        assertTrue(daemon.volumeExists(name + "-root.qcow2"), "the volume not chosen remains");
        assertTrue(daemon.volumeExists(other + ".qcow2"), "another VM's volume remains");
        assertTrue(daemon.domainExists(other));
    }

    @Test
    void aDiskOutsideAnyPoolIsNamedInAWarningAndTheRestStillGo() {
        String name = Daemon.name("partial");
        String data = daemon.volume(name + "-data.qcow2", "32M");
        // A disk file outside any pool is not a volume libvirt can delete.
        String loose = "/tmp/" + name + "-loose.qcow2";
        Daemon.run("qemu-img", "create", "-q", "-f", "qcow2", loose, "16M");
        try {
            daemon.defineWithDisks(name, List.of(data, loose));
            h.awaitState(name, VmStates.SHUT_OFF);
            Throwable partial = h.failureOf(h.provider.deleteVm(h.ref(name),
                    new DeleteOptions(false, List.of("vda", "vdb"))));
            assertInstanceOf(VmWarning.class, partial, "the VM is deleted: a warning, not a failure");
            assertEquals("VM '" + name + "' was deleted, but not all of its chosen storage: disk vdb: there is no "
                    + "storage volume " + loose + " (it was deleted already, or it is not in any storage pool)",
                    partial.getMessage());
            assertFalse(daemon.domainExists(name));
            assertFalse(daemon.volumeExists(name + "-data.qcow2"), "the deletable volume went anyway");
            assertTrue(Files.exists(Path.of(loose)), "the file outside any pool is left alone");
        } finally {
            Daemon.run("rm", "-f", loose);
        }
    }

    @Test
    void aVolumeDeletedBehindHangarsBackIsAWarningNamingItAndTheRestStillGo() {
        String name = Daemon.name("behind");
        String root = daemon.volume(name + "-root.qcow2", "32M");
        String gone = daemon.volume(name + "-gone.qcow2", "32M");
        String data = daemon.volume(name + "-data.qcow2", "32M");
        String kept = daemon.volume(name + "-kept.qcow2", "32M");
        daemon.defineWithDisks(name, List.of(root, gone, data, kept));
        h.awaitState(name, VmStates.SHUT_OFF);
        Daemon.virsh("vol-delete", "--pool", Daemon.POOL, name + "-gone.qcow2");

        Throwable result = h.failureOf(h.provider.deleteVm(h.ref(name),
                new DeleteOptions(false, List.of("vda", "vdb", "vdc"))));
        assertInstanceOf(VmWarning.class, result, "the VM is deleted: a warning, not a failure");
        assertEquals("VM '" + name + "' was deleted, but not all of its chosen storage: disk vdb: there is no storage "
                + "volume " + gone + " (it was deleted already, or it is not in any storage pool)", result.getMessage());
        h.await(name + " leaves the store", s -> !h.names().contains(name));
        assertFalse(daemon.domainExists(name), "virsh no longer knows the VM");
        assertFalse(daemon.volumeExists(name + "-root.qcow2"), "a chosen volume is gone");
        assertFalse(daemon.volumeExists(name + "-data.qcow2"), "the chosen volume after the missing one is gone too");
        assertTrue(daemon.volumeExists(name + "-kept.qcow2"), "the volume not chosen remains");
    }

    @Test
    void theConnectionIsHealthyAndLabelled() {
        ConnectionStatus status = h.connection(Daemon.URI);
        assertEquals(ConnectionStatus.State.CONNECTED, status.state());
        assertFalse(status.demo());
    }
}
