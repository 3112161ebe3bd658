package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.configure.DiskSpec;
import dev.hangar.plugins.configure.NicSpec;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Changing, cloning, renaming and deleting the real tiny guest on qemu:///system, through the
 * provider as the host calls it, each step checked with virsh ({@code dumpxml}, {@code dominfo},
 * {@code domblklist}, {@code domif-getlink}, {@code vol-list}). One guest for the class, with a qcow2
 * disk (vda), an empty CD-ROM and a NIC on network {@code isolated}; the steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigurationIT {
    private static final Path IMAGES = Path.of("/var/lib/libvirt/images");

    private Daemon daemon;
    private Harness h;
    private TinyGuest guest;
    private String clone;
    private String renamed;
    private Path iso;
    private String mac;

    @BeforeAll
    void defineTheGuest() throws Exception {
        daemon = Daemon.require();
        h = Harness.started(Harness.options(Daemon.URI));
        guest = TinyGuest.define(daemon, "config");
        clone = guest.name + "-clone";
        renamed = guest.name + "-renamed";
        daemon.own(clone);
        daemon.own(renamed);
        String vda = daemon.volume(guest.name + "-vda.qcow2", "32M");
        // Real data in the disk, so that the clone's copy is checked on content, not on an empty image.
        Daemon.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 4M", vda);
        Daemon.virsh("attach-disk", guest.name, vda, "vda", "--driver", "qemu", "--subdriver", "qcow2",
                "--targetbus", "virtio", "--config");
        Daemon.virsh("attach-interface", guest.name, "network", "isolated", "--model", "virtio", "--config");
        mac = Daemon.virsh("domiflist", guest.name).trim().split("\\s+")[4];
        iso = IMAGES.resolve(guest.name + ".iso");
        Path content = Files.createTempDirectory("hangar-test-iso");
        try {
            Files.writeString(content.resolve("hello.txt"), "hangar\n");
            Daemon.Result made = Daemon.run("genisoimage", "-quiet", "-V", "HANGAR", "-o", iso.toString(),
                    content.toString());
            if (made.code() != 0) {
                fail("genisoimage failed (the README's packages install it): " + made.err());
            }
        } finally {
            Files.deleteIfExists(content.resolve("hello.txt"));
            Files.deleteIfExists(content);
        }
        // virsh's --config changes of a shut-off VM send no event: read it again, as the host's refresh does.
        h.run(h.provider.getVm(Daemon.URI, guest.name));
        h.await("the guest in the store", s -> s.vms().values().stream().anyMatch(vm -> vm.name().equals(guest.name)
                && vm.nics().size() == 1 && vm.disks().size() == 1));
    }

    @AfterAll
    void removeEverything() throws Exception {
        if (daemon != null) {
            daemon.cleanUp();
            // The volumes the provider made under this test's names, if a step failed before removing them.
            for (String line : Daemon.virsh("vol-list", Daemon.POOL).split("\n")) {
                String name = line.trim().split("\\s+")[0];
                if (guest != null && name.startsWith(guest.name)) {
                    Daemon.virshSucceeds("vol-delete", "--pool", Daemon.POOL, name);
                }
            }
        }
        if (iso != null) {
            Files.deleteIfExists(iso);
            Daemon.virshSucceeds("pool-refresh", Daemon.POOL);
        }
        if (h != null) {
            h.close();
        }
        if (guest != null) {
            guest.deleteLog();
        }
    }

    private VmRef ref(String name) {
        return h.ref(name);
    }

    private Applied change(String name, VmChange change) {
        return h.run(h.libvirt().change(ref(name), change), 60);
    }

    private String refusal(String name, VmChange change) {
        return h.failureOf(h.libvirt().change(ref(name), change)).getMessage();
    }

    private static String inactive(String name) {
        return Daemon.virsh("dumpxml", "--inactive", name);
    }

    private static String dominfo(String name, String field) {
        for (String line : Daemon.virsh("dominfo", name).split("\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("virsh dominfo " + name + " has no " + field);
    }

    @Test
    @Order(1)
    void memoryAndVcpusChangeOfflineInTheDefinition() {
        Applied memory = change(guest.name, new VmChange.Memory(160 * 1024, 512 * 1024));
        assertEquals(new Applied(false, true, "192 MiB, max 192 MiB", "160 MiB, max 512 MiB"), memory);
        String xml = inactive(guest.name);
        assertTrue(xml.contains("<memory unit='KiB'>524288</memory>"), xml);
        assertTrue(xml.contains("<currentMemory unit='KiB'>163840</currentMemory>"), xml);
        assertEquals("512 MiB", DomainSettings.memory(Long.parseLong(dominfo(guest.name, "Max memory").split(" ")[0])));

        Applied vcpus = change(guest.name, new VmChange.Vcpus(1, 2));
        assertEquals(new Applied(false, true, "1 of max 1", "1 of max 2"), vcpus);
        assertTrue(inactive(guest.name).contains("current='1'>2</vcpu>"), inactive(guest.name));
        assertEquals(512 * 1024, h.vm(guest.name).maxMemoryKiB(), "the store has the re-read VM");
    }

    @Test
    @Order(2)
    void aNamedCpuModelOfTheDomainCapabilitiesIsSetAndAnUnusableOneRefused() throws Exception {
        VmSettings settings = h.libvirt().settings(ref(guest.name));
        assertTrue(settings.cpuModels().contains("qemu64"), settings.cpuModels().toString());
        assertFalse(settings.cpuModels().contains("phenom"), "usable='no' on this host");
        // libvirt 9 writes its default model into the definition at define time: "before" is qemu64 (forbid).
        assertEquals(new Applied(false, true, DomainSettings.cpuWords(settings.cpu()), "qemu64"),
                change(guest.name, new VmChange.Cpu(new CpuModel(CpuModel.Mode.NAMED, "qemu64"))));
        assertTrue(inactive(guest.name).contains("<model fallback='allow'>qemu64</model>"), inactive(guest.name));
        String before = inactive(guest.name);
        assertEquals("This host's hypervisor has no CPU model 'phenom'.",
                refusal(guest.name, new VmChange.Cpu(new CpuModel(CpuModel.Mode.NAMED, "phenom"))));
        assertEquals("This host has no UEFI firmware for this VM (for UEFI, install OVMF).",
                refusal(guest.name, new VmChange.SetFirmware(Firmware.UEFI)));
        assertEquals(before, inactive(guest.name));
    }

    @Test
    @Order(3)
    void memoryAboveTheHostsAndVcpusAboveItsCpusAreRefusedAndChangeNothing() throws Exception {
        String before = inactive(guest.name);
        VmSettings settings = h.libvirt().settings(ref(guest.name));
        String memory = refusal(guest.name, new VmChange.Memory(160 * 1024, settings.hostMemoryKiB() * 2));
        assertTrue(memory.startsWith("The host has ") && memory.endsWith(" is too much."), memory);
        int cpus = settings.hostMaxVcpus() + 1;
        assertEquals("The host has " + settings.hostMaxVcpus() + " CPUs; " + cpus + " vCPUs are too many.",
                refusal(guest.name, new VmChange.Vcpus(1, cpus)));
        assertEquals("3 vCPUs are more than the maximum of 2.", refusal(guest.name, new VmChange.Vcpus(3, 2)));
        assertEquals(before, inactive(guest.name));
    }

    @Test
    @Order(4)
    void anEmptyCdromIsAddedOfflineThenTheGuestStarts() throws Exception {
        Applied cdrom = change(guest.name, new VmChange.AddDisk(new DiskSpec(new StorageChoice.NoStorage(), "cdrom",
                null, null)));
        assertEquals(new Applied(false, true, "", "CD-ROM sda (empty), bus sata"), cdrom);
        assertTrue(inactive(guest.name).contains("<target dev='sda' bus='sata'/>"), inactive(guest.name));
        guest.startAndAwaitReady();
        h.awaitState(guest.name, VmStates.RUNNING);
    }

    @Test
    @Order(5)
    void vcpusChangeLiveUpToTheMaximumAndMemoryThroughTheBalloon() throws Exception {
        Applied vcpus = change(guest.name, new VmChange.Vcpus(2, 2));
        assertEquals(new Applied(true, false, "1 of max 2", "2 of max 2"), vcpus);
        assertEquals("2", dominfo(guest.name, "CPU(s)"), "hot-plugged into the running guest");
        assertTrue(inactive(guest.name).contains("placement='static'>2</vcpu>"), inactive(guest.name));

        Applied memory = change(guest.name, new VmChange.Memory(128 * 1024, 512 * 1024));
        assertTrue(memory.live(), "within the running maximum, the balloon is asked: " + memory);
        assertFalse(memory.nextBoot(), memory.toString());
        assertTrue(inactive(guest.name).contains("<currentMemory unit='KiB'>131072</currentMemory>"));
        // The tiny guest has no balloon driver, so it keeps its memory; the running maximum stays.
        assertEquals("524288 KiB", dominfo(guest.name, "Max memory"));

        String tooMany = refusal(guest.name, new VmChange.Vcpus(3, 3));
        assertTrue(tooMany.endsWith("3 vCPUs are too many."), tooMany);
    }

    @Test
    @Order(6)
    void aNewVolumeDiskIsAttachedLiveAndDetachedKeepingThenDeletingItsVolume() throws Exception {
        String volume = guest.name + "-vdb.qcow2";
        Applied added = change(guest.name, new VmChange.AddDisk(new DiskSpec(
                new StorageChoice.NewVolume(Daemon.POOL, 16L << 20, "qcow2"), "disk", null, null)));
        String path = IMAGES.resolve(volume).toString();
        assertEquals(new Applied(true, false, "", "Disk vdb (" + path + "), bus virtio"), added);
        assertTrue(daemon.volumeExists(volume), "vol-list has the new volume");
        assertTrue(Daemon.virsh("domblklist", guest.name).contains(path), "attached live");
        assertTrue(Daemon.virsh("domblklist", "--inactive", guest.name).contains(path), "and in the definition");

        Applied kept = change(guest.name, new VmChange.DetachDisk("vdb", false));
        assertEquals(new Applied(true, false, "Disk vdb (" + path + "), bus virtio", ""), kept);
        assertFalse(Daemon.virsh("domblklist", guest.name).contains(path), Daemon.virsh("domblklist", guest.name));
        assertFalse(Daemon.virsh("domblklist", "--inactive", guest.name).contains(path));
        assertTrue(daemon.volumeExists(volume), "kept: it was not asked to go");

        change(guest.name, new VmChange.AddDisk(new DiskSpec(new StorageChoice.ExistingVolume(path), "disk", null,
                null)));
        assertTrue(Daemon.virsh("domblklist", guest.name).contains(path), "the existing volume attached live");
        String vda = IMAGES.resolve(guest.name + "-vda.qcow2").toString();
        Applied deleted = change(guest.name, new VmChange.DetachDisk("vdb", true));
        assertEquals("", deleted.after());
        assertFalse(daemon.volumeExists(volume), "its volume was deleted");
        assertTrue(daemon.volumeExists(guest.name + "-vda.qcow2"), "and no other");
        assertTrue(Daemon.virsh("domblklist", guest.name).contains(vda));
    }

    @Test
    @Order(7)
    void mediaIsInsertedAndEjectedLive() throws Exception {
        Applied inserted = change(guest.name, new VmChange.Media("sda", iso.toString()));
        assertEquals(new Applied(true, false, "empty", iso.toString()), inserted);
        assertTrue(Daemon.virsh("domblklist", guest.name).matches("(?s).*sda\\s+" + iso + ".*"),
                Daemon.virsh("domblklist", guest.name));
        assertTrue(Daemon.virsh("domblklist", "--inactive", guest.name).contains(iso.toString()));

        Applied ejected = change(guest.name, new VmChange.Media("sda", null));
        assertEquals(new Applied(true, false, iso.toString(), "empty"), ejected);
        assertTrue(Daemon.virsh("domblklist", guest.name).matches("(?s).*sda\\s+-.*"),
                Daemon.virsh("domblklist", guest.name));

        // A SATA drive cannot be hot-plugged: added to the running VM, it waits for the next boot, and so
        // does media put into it; detached again, nothing waits.
        assertEquals(new Applied(false, true, "", "CD-ROM sdb (empty), bus sata"), change(guest.name,
                new VmChange.AddDisk(new DiskSpec(new StorageChoice.NoStorage(), "cdrom", null, null))));
        assertEquals(new Applied(false, true, "empty", iso.toString()),
                change(guest.name, new VmChange.Media("sdb", iso.toString())));
        assertTrue(Daemon.virsh("domblklist", "--inactive", guest.name).matches("(?s).*sdb\\s+" + iso + ".*"));
        assertFalse(Daemon.virsh("domblklist", guest.name).contains("sdb"));
        assertEquals(List.of("Disk added: CD-ROM sdb (" + iso + "), bus sata"),
                h.libvirt().settings(ref(guest.name)).pending());
        assertEquals(new Applied(false, true, "CD-ROM sdb (" + iso + "), bus sata", ""),
                change(guest.name, new VmChange.DetachDisk("sdb", false)));
        assertEquals(List.of(), h.libvirt().settings(ref(guest.name)).pending());
        assertTrue(Files.exists(iso), "the ISO was not asked to go");
    }

    @Test
    @Order(8)
    void theNicIsUnpluggedAndPluggedLive() {
        assertEquals(new Applied(true, false, "up", "down"), change(guest.name, new VmChange.NicLink(mac, false)));
        assertTrue(Daemon.virsh("domif-getlink", guest.name, mac).contains("down"),
                Daemon.virsh("domif-getlink", guest.name, mac));
        assertEquals(new Applied(true, false, "down", "up"), change(guest.name, new VmChange.NicLink(mac, true)));
        assertTrue(Daemon.virsh("domif-getlink", guest.name, mac).contains("up"));
    }

    @Test
    @Order(9)
    void aNicIsAddedAndRemovedLive() {
        Applied added = change(guest.name, new VmChange.AddNic(new NicSpec(new NetworkChoice.VirtualNetwork("isolated"),
                null, null)));
        assertTrue(added.live() && !added.nextBoot(), added.toString());
        String second = added.after().split(" ")[1];
        assertTrue(added.after().equals("NIC " + second + " (network isolated), model virtio"), added.after());
        assertTrue(Daemon.virsh("domiflist", guest.name).contains(second), "plugged into the running guest");
        assertTrue(Daemon.virsh("domiflist", "--inactive", guest.name).contains(second), "and in the definition");
        assertEquals(new Applied(true, false, added.after(), ""), change(guest.name, new VmChange.RemoveNic(second)));
        assertFalse(Daemon.virsh("domiflist", guest.name).contains(second), Daemon.virsh("domiflist", guest.name));
        assertFalse(Daemon.virsh("domiflist", "--inactive", guest.name).contains(second));
        assertTrue(Daemon.virsh("domiflist", guest.name).contains(mac), "the first NIC stays");
    }

    @Test
    @Order(10)
    void nextBootChangesArePendingUntilTheVmRestarts() throws Exception {
        change(guest.name, new VmChange.Memory(192 * 1024, 256 * 1024));
        change(guest.name, new VmChange.EditDisk("vda", null, "writeback"));
        List<String> pending = h.libvirt().settings(ref(guest.name)).pending();
        String vda = IMAGES.resolve(guest.name + "-vda.qcow2").toString();
        assertEquals(2, pending.size(), pending.toString());
        // The running guest has what its balloon reports (all of it: the tiny guest has no balloon driver).
        assertTrue(pending.get(0).matches("Memory: \\d+ MiB, max 512 MiB → 192 MiB, max 256 MiB"), pending.get(0));
        assertEquals("Disk: Disk vda (" + vda + "), bus virtio → Disk vda (" + vda + "), bus virtio, cache writeback",
                pending.get(1));
        Daemon.virsh("destroy", guest.name);
        Daemon.virsh("start", guest.name);
        h.awaitState(guest.name, VmStates.RUNNING);
        assertEquals(List.of(), h.libvirt().settings(ref(guest.name)).pending());
        assertEquals("262144 KiB", dominfo(guest.name, "Max memory"));
    }

    @Test
    @Order(11)
    void aRunningVmIsNeitherRenamedNorCloned() {
        String before = inactive(guest.name);
        assertEquals("VM '" + guest.name + "' is running; rename it when it is shut off.",
                refusal(guest.name, new VmChange.Rename(renamed)));
        Throwable cloned = h.failureOf(h.libvirt().cloneVm(ref(guest.name), new CloneSpec(clone,
                List.of(new CloneSpec.CloneDisk("vda", Daemon.POOL)))).start(new TestTaskProgress()));
        assertEquals("Could not clone VM '" + guest.name + "' to '" + clone + "': VM '" + guest.name
                + "' is running; clone it when it is shut off.", cloned.getMessage());
        assertEquals(before, inactive(guest.name));
        Daemon.virsh("destroy", guest.name);
        h.awaitState(guest.name, VmStates.SHUT_OFF);
    }

    @Test
    @Order(12)
    void aCancelledCloneLeavesNothing() {
        TestTaskProgress progress = new TestTaskProgress();
        progress.cancel();
        // A stage failed with a CancellationException is a cancelled one: get() throws it as it is.
        CancellationException cancelled = assertThrows(CancellationException.class, () -> h.run(h.libvirt()
                .cloneVm(ref(guest.name), new CloneSpec(clone, List.of(new CloneSpec.CloneDisk("vda", Daemon.POOL))))
                .start(progress)));
        assertEquals("The clone of VM '" + guest.name + "' was cancelled; its copies were removed.",
                cancelled.getMessage());
        assertFalse(daemon.volumeExists(clone + "-vda.qcow2"));
        assertFalse(daemon.domainExists(clone));
    }

    @Test
    @Order(13)
    void theCloneHasCopiesOfItsDisksAndItsOwnUuidAndMac() throws Exception {
        TestTaskProgress progress = new TestTaskProgress();
        String result = h.run(h.libvirt().cloneVm(ref(guest.name), new CloneSpec(clone,
                List.of(new CloneSpec.CloneDisk("vda", Daemon.POOL)))).start(progress), 120);
        assertEquals("Cloned VM '" + guest.name + "' to '" + clone + "' (1 disk copied)", result);
        h.await("the clone in the store", s -> s.vms().values().stream().anyMatch(vm -> vm.name().equals(clone)));
        Path original = IMAGES.resolve(guest.name + "-vda.qcow2");
        Path copy = IMAGES.resolve(clone + "-vda.qcow2");
        assertTrue(daemon.volumeExists(copy.getFileName().toString()), Daemon.virsh("vol-list", Daemon.POOL));
        assertTrue(Daemon.virsh("domblklist", clone).matches("(?s).*vda\\s+" + copy + ".*"),
                Daemon.virsh("domblklist", clone));
        assertTrue(Daemon.virsh("domblklist", clone).matches("(?s).*sda\\s+-.*"), "the CD-ROM stays");
        assertEquals(sha256(original), sha256(copy), "a byte copy");
        assertNotEquals(Daemon.virsh("domuuid", guest.name), Daemon.virsh("domuuid", clone));
        String cloneMac = Daemon.virsh("domiflist", clone).trim().split("\\s+")[4];
        assertNotEquals(mac, cloneMac);
        assertTrue(cloneMac.startsWith("52:54:00:"), cloneMac);
        assertEquals(1.0, progress.reports().get(progress.reports().size() - 1).fraction());
        assertTrue(progress.reports().stream().anyMatch(r -> r.fraction() > 0 && r.fraction() < 1),
                "progress between the ends: " + progress.reports().size() + " reports");
    }

    @Test
    @Order(14)
    void theShutOffCloneIsRenamedAndATakenNameRefused() {
        assertEquals("A VM named '" + guest.name + "' exists already on this host; VM '" + clone
                + "' keeps its name.", refusal(clone, new VmChange.Rename(guest.name)));
        String uuid = Daemon.virsh("domuuid", clone).trim();
        assertEquals(new Applied(true, false, clone, renamed), change(clone, new VmChange.Rename(renamed)));
        assertEquals(uuid, Daemon.virsh("domuuid", renamed).trim());
        assertFalse(daemon.domainExists(clone));
        h.await("only the new name in the store", s -> s.vms().values().stream().noneMatch(vm -> vm.name().equals(clone))
                && s.vms().values().stream().anyMatch(vm -> vm.name().equals(renamed)));
    }

    @Test
    @Order(15)
    void bothAreDeletedWithTheirStorageAndNothingIsLeft() {
        for (String name : List.of(renamed, guest.name)) {
            h.run(h.provider.deleteVm(ref(name), new DeleteOptions(false, List.of("vda"))));
            assertFalse(daemon.domainExists(name));
        }
        String volumes = Daemon.virsh("vol-list", Daemon.POOL);
        assertFalse(volumes.contains(guest.name + "-"), volumes);
    }

    @Test
    @Order(16)
    void aDetachedDisksVolumeThatAnotherVmUsesIsNotDeleted() {
        String shared = daemon.volume(Daemon.name("shared") + ".qcow2", "8M");
        String one = daemon.defineWithDisks(Daemon.name("one"), List.of(shared));
        daemon.defineWithDisks(Daemon.name("two"), List.of(shared));
        h.await("VM one in the store", s -> s.vms().values().stream().anyMatch(vm -> vm.name().equals(one)));
        String message = refusal(one, new VmChange.DetachDisk("vda", true));
        assertTrue(message.startsWith("The volume " + shared + " of disk vda is also used by VM 'hangar-test-two-"),
                message);
        assertTrue(Daemon.virsh("domblklist", one).contains(shared), "nothing was changed");
        assertTrue(Files.exists(Path.of(shared)));
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
