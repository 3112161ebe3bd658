package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.create.CloudInit;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallMethod;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.plugins.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** Choices, checks and creation on libvirt's test driver ({@code test:///default}: pool default-pool, network default). */
class LibvirtCreationTest {
    private static final String URI = "test:///default";
    private static final String POOL = "default-pool";
    private Harness h;
    private Path kernel;

    @BeforeEach
    void start() throws Exception {
        h = Harness.started(Harness.options(URI));
        kernel = Files.createTempFile("hangar-test-vmlinuz", "");
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        Files.deleteIfExists(kernel);
    }

    private VmSpec spec(String name, long memoryKiB, int vcpus, InstallSource install, StorageChoice storage,
                        NetworkChoice network) {
        return new VmSpec(URI, name, "http://debian.org/debian/11", memoryKiB, vcpus, Firmware.BIOS, install, storage,
                network, null, null, true);
    }

    private VmSpec kernelSpec(String name) {
        return spec(name, 65_536, 1, new InstallSource.Kernel(kernel.toString(), null, "console=ttyS0"),
                new StorageChoice.NewVolume(POOL, 8L << 20, "qcow2"), new NetworkChoice.VirtualNetwork("default"));
    }

    @Test
    void theChoicesAreTheHostsPoolsNetworksAndLimits() throws Exception {
        CreationChoices choices = h.libvirt().choices(URI);
        Pool pool = choices.pools().stream().filter(p -> p.name().equals(POOL)).findFirst().orElseThrow();
        assertTrue(pool.active());
        assertEquals("dir", pool.type());
        assertTrue(pool.availableBytes() > 0);
        assertEquals(List.of("qcow2", "raw"), choices.diskFormats());
        assertEquals(List.of("default"), choices.networks());
        assertEquals(java.util.Set.of(Firmware.BIOS), choices.firmware(), "the test driver has no OVMF");
        assertTrue(choices.installMethods().contains(InstallMethod.KERNEL));
        assertFalse(choices.installMethods().contains(InstallMethod.TEMPLATE));
        Connect connect = new Connect(URI);
        try {
            assertEquals(connect.nodeInfo().cpus, choices.maxVcpus());
            assertEquals(connect.nodeInfo().memory, choices.hostMemoryKiB());
        } finally {
            connect.close();
        }
        assertEquals(List.of("virtio", "sata", "scsi", "ide"), choices.diskBuses());
        assertEquals(List.of("virtio", "e1000e", "rtl8139"), choices.nicModels());
    }

    @Test
    void namesFollowLibvirtsRulesAndMustBeNew() throws Exception {
        LibvirtProvider p = h.libvirt();
        assertEquals("A VM named 'test' exists on this connection", p.nameProblem(URI, "test"));
        assertEquals("A VM needs a name", p.nameProblem(URI, " "));
        assertTrue(p.nameProblem(URI, "x".repeat(65)).startsWith("Names are at most 64 characters"));
        assertNull(p.nameProblem(URI, "x".repeat(64)));
        assertEquals("A name cannot contain '/'", p.nameProblem(URI, "a/b"));
        assertEquals("A name can only have printable characters", p.nameProblem(URI, "a\u0007b"));
        assertEquals("A name cannot begin or end with a space", p.nameProblem(URI, " a"));
        assertNull(p.nameProblem(URI, "hangar-test-ünïcode & <ok>"));
    }

    @Test
    void eachBadInputNamesItsField() throws Exception {
        LibvirtProvider p = h.libvirt();
        CreationChoices choices = p.choices(URI);
        StorageChoice none = new StorageChoice.NoStorage();
        NetworkChoice net = new NetworkChoice.VirtualNetwork("default");
        InstallSource k = new InstallSource.Kernel(kernel.toString(), null, null);
        assertField("name", p, spec("test", 65_536, 1, k, none, net));
        assertField("name", p, spec("", 65_536, 1, k, none, net));
        assertField("memoryKiB", p, spec("hangar-test-m", choices.hostMemoryKiB() + 1, 1, k, none, net));
        assertField("vcpus", p, spec("hangar-test-c", 65_536, choices.maxVcpus() + 1, k, none, net));
        assertField("vcpus", p, spec("hangar-test-c", 65_536, 0, k, none, net));
        assertField("firmware", p, new VmSpec(URI, "hangar-test-f", null, 65_536, 1, Firmware.UEFI, k, none, net, null,
                null, false));
        assertField("diskBus", p, new VmSpec(URI, "hangar-test-b", null, 65_536, 1, Firmware.BIOS, k, none, net, "floppy",
                null, false));
        assertField("nicModel", p, new VmSpec(URI, "hangar-test-n", null, 65_536, 1, Firmware.BIOS, k, none, net, null,
                "ne2k", false));
        long free = choices.pools().stream().filter(x -> x.name().equals(POOL)).findFirst().orElseThrow().availableBytes();
        InvalidSpecException space = assertField("storage", p, spec("hangar-test-s", 65_536, 1, k,
                new StorageChoice.NewVolume(POOL, free + 1, "qcow2"), net));
        assertTrue(space.getMessage().startsWith("Pool 'default-pool' has "), space.getMessage());
        assertField("storage", p, spec("hangar-test-s", 65_536, 1, k, new StorageChoice.NewVolume("nope", 1, "raw"), net));
        assertField("storage", p, spec("hangar-test-s", 65_536, 1, k, new StorageChoice.NewVolume(POOL, 1, "vmdk"), net));
        InvalidSpecException iso = assertField("install", p, spec("hangar-test-i", 65_536, 1,
                new InstallSource.Iso("/nonexistent/hangar-test.iso"), none, net));
        assertEquals("The ISO /nonexistent/hangar-test.iso does not exist on the host", iso.getMessage());
        assertField("install", p, spec("hangar-test-i", 65_536, 1, new InstallSource.NetworkTree("ftp://x/"), none, net));
        assertField("network", p, spec("hangar-test-p", 65_536, 1, new InstallSource.Pxe(), none,
                new NetworkChoice.NoNetwork()));
        assertField("network", p, spec("hangar-test-p", 65_536, 1, k, none, new NetworkChoice.VirtualNetwork("nope")));
        assertField("network", p, spec("hangar-test-p", 65_536, 1, k, none, new NetworkChoice.Bridge("nope0")));
        InvalidSpecException yaml = assertField("userData", p, spec("hangar-test-y", 65_536, 1,
                new InstallSource.CloudImage(kernel.toString(), new CloudInit(null, null, null, "users: [a, b\n  - x: {", null)),
                new StorageChoice.NewVolume(POOL, 8L << 20, "qcow2"), net));
        assertTrue(yaml.getMessage().startsWith("The cloud-init user-data is not YAML"), yaml.getMessage());
        assertField("storage", p, spec("hangar-test-y", 65_536, 1,
                new InstallSource.CloudImage(kernel.toString(), new CloudInit("u", null, null, null, null)), none, net));
        assertField("install", p, spec("hangar-test-t", 65_536, 1, new InstallSource.FromTemplate("x"), none, net));
        assertField("connection", p, new VmSpec("test:///elsewhere", "hangar-test-x", null, 65_536, 1, Firmware.BIOS, k,
                none, net, null, null, false));
        p.validate(kernelSpec("hangar-test-fine"));
    }

    @Test
    void aKernelBootVmIsCreatedWithItsVolumeStartedAndInTheStore() throws Exception {
        String name = "hangar-test-created";
        TestTaskProgress progress = new TestTaskProgress();
        String result = h.run(h.libvirt().create(kernelSpec(name)).start(progress));
        assertEquals("Created VM '" + name + "' and started it", result);
        Vm vm = h.vm(name);
        assertEquals("running", vm.state());
        assertEquals("/default-pool/" + name + ".qcow2", vm.disk("vda").source());
        assertEquals("http://debian.org/debian/11", vm.os().osinfoId());
        assertTrue(vm.nics().get(0).mac().startsWith("52:54:00:"));
        double last = progress.reports().get(progress.reports().size() - 1).fraction();
        assertEquals(1.0, last);
        // Fractions only grow.
        double before = 0;
        for (TestTaskProgress.Report report : progress.reports()) {
            if (!Double.isNaN(report.fraction())) {
                assertTrue(report.fraction() >= before, progress.reports().toString());
                before = report.fraction();
            }
        }
        h.run(h.libvirt().deleteVm(vm.ref(), new dev.hangar.plugins.DeleteOptions(true, List.of("vda"))));
        assertFalse(volumes().contains(name + ".qcow2"));
    }

    @Test
    void aCancelWhileDefiningRemovesTheDefinitionAndTheVolumeItMadeAndNothingElse() throws Exception {
        String name = "hangar-test-cancelled";
        List<String> before = volumes();
        // The host's handle, with a click on Cancel when the creation starts defining the VM.
        TestTaskProgress progress = new TestTaskProgress();
        TestTaskProgress cancelling = new TestTaskProgress();
        dev.hangar.store.Thunk<String> thunk = h.libvirt().create(kernelSpec(name)).start(new dev.hangar.plugins.task.TaskProgress() {
            @Override
            public void report(double fraction, String text) {
                progress.report(fraction, text);
                if (text != null && text.startsWith("Defining")) {
                    cancelling.cancel();
                }
            }

            @Override
            public boolean cancelled() {
                return cancelling.cancelled();
            }

            @Override
            public void onCancel(Runnable hook) {
                cancelling.onCancel(hook);
            }
        });
        CancellationException failure = assertThrows(CancellationException.class, () -> h.run(thunk));
        assertTrue(failure.getMessage().contains("nothing it made is left"), failure.getMessage());
        assertEquals(before, volumes());
        Connect connect = new Connect(URI);
        try {
            assertFalse(List.of(connect.listDefinedDomains()).contains(name), "the definition is gone");
        } finally {
            connect.close();
        }
        h.await("the store forgets it with libvirt's undefine event",
                s -> s.vms().values().stream().noneMatch(vm -> vm.name().equals(name)));
        assertTrue(progress.reports().stream().anyMatch(r -> r.text() != null && r.text().startsWith("Defining")));
        assertTrue(progress.reports().stream().anyMatch(r -> r.text() != null && r.text().startsWith("Creating volume")));
    }

    private List<String> volumes() throws LibvirtException {
        Connect connect = new Connect(URI);
        try {
            var pool = connect.storagePoolLookupByName(POOL);
            try {
                List<String> names = new java.util.ArrayList<>(List.of(pool.listVolumes()));
                names.sort(null);
                return names;
            } finally {
                pool.free();
            }
        } finally {
            connect.close();
        }
    }

    private static InvalidSpecException assertField(String field, LibvirtProvider p, VmSpec spec) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> p.validate(spec), field);
        assertEquals(field, e.field(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
        return e;
    }
}
