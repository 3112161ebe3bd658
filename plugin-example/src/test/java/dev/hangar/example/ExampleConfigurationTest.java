package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.testkit.TestProviderContext;
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example's two new capabilities through the provider, as the host calls them, on the plugin test kit. */
class ExampleConfigurationTest {
    private static final long MIB = 1024;
    private final TestProviderContext context = TestProviderContext.builder(ExampleProvider.NAME)
            .option("example-transition-ms", "100").option("example-migration-interval-seconds", "0").build();
    private final ExampleProvider provider = new ExampleProvider();

    @BeforeEach
    void activate() {
        context.activate(provider);
    }

    @AfterEach
    void close() {
        provider.close();
        context.close();
    }

    @Test
    void settingsOfferMemoryAndVcpusOnly() throws Exception {
        VmSettings settings = provider.settings(context.vm("cache-1").ref());
        assertEquals(Set.of(Setting.MEMORY, Setting.VCPUS), settings.changeable());
        assertEquals(Set.of(), settings.live(), "nothing changes on a running machine before its next boot");
        assertEquals(List.of(2, 2), List.of(settings.vcpus(), settings.maxVcpus()));
        assertEquals(List.of(1024 * MIB, 1024 * MIB), List.of(settings.memoryKiB(), settings.maxMemoryKiB()));
        assertEquals(List.of(new BootDevice("disk:vda", "Disk vda (engine/vol-ex-0006-vda)", true),
                new BootDevice("disk:vdb", "Disk vdb (engine/vol-ex-0006-vdb)", true),
                new BootDevice("disk:vdc", "Disk vdc (engine/vol-ex-0006-vdc)", true)), settings.bootOrder());
        assertEquals(List.of(), settings.pending());
        assertEquals(16, settings.hostMaxVcpus());
    }

    @Test
    void aShutOffMachineChangesAtOnce() throws Exception {
        Vm web3 = context.vm("web-3");
        assertEquals(VmStates.SHUT_OFF, web3.state());
        Applied applied = context.run(provider.change(web3.ref(), new VmChange.Memory(4096 * MIB, 4096 * MIB)));
        assertEquals(new Applied(false, false, "2 GiB", "4 GiB"), applied);
        assertEquals(4096 * MIB, context.vm("web-3").memoryKiB(), "dispatched before the thunk completed");
        assertEquals(List.of(), provider.settings(web3.ref()).pending());

        assertEquals(new Applied(false, false, "3 vCPUs", "1 vCPU"),
                context.run(provider.change(web3.ref(), new VmChange.Vcpus(1, 1))));
        assertEquals(1, context.vm("web-3").vcpus());
    }

    @Test
    void aRunningMachineGetsItAtItsNextBootAndShowsItPendingUntilThen() throws Exception {
        Vm web1 = context.vm("web-1");
        assertEquals(VmStates.RUNNING, web1.state());
        assertEquals(new Applied(false, true, "1 vCPU", "4 vCPUs"),
                context.run(provider.change(web1.ref(), new VmChange.Vcpus(4, 4))));
        assertEquals(new Applied(false, true, "512 MiB", "1 GiB"),
                context.run(provider.change(web1.ref(), new VmChange.Memory(1024 * MIB, 1024 * MIB))));
        VmSettings next = provider.settings(web1.ref());
        assertEquals(List.of("Memory: 512 MiB → 1 GiB", "vCPUs: 1 → 4"), next.pending());
        assertEquals(List.of(4, 1024 * MIB), List.of(next.vcpus(), next.memoryKiB()), "as of the next boot");
        assertEquals(1, context.vm("web-1").vcpus(), "the running machine keeps its vCPUs");

        context.run(provider.forceOffVm(web1.ref()));
        assertEquals(List.of(4, 1024 * MIB), List.of(context.vm("web-1").vcpus(), context.vm("web-1").memoryKiB()));
        assertEquals(List.of(), provider.settings(web1.ref()).pending());
    }

    @Test
    void refusesWhatItCannotDoInWords() {
        Vm web3 = context.vm("web-3");
        assertEquals("The example engine changes only memory and vCPUs, not boot order",
                context.failureOf(provider.change(web3.ref(), new VmChange.BootOrder(List.of("disk:vda")))).getMessage());
        assertEquals("The example engine changes only memory and vCPUs, not rename",
                context.failureOf(provider.change(web3.ref(), new VmChange.Rename("web-4"))).getMessage());
        assertEquals("A node has 16 CPUs; 20 vCPUs cannot be",
                context.failureOf(provider.change(web3.ref(), new VmChange.Vcpus(20, 20))).getMessage());
        assertEquals("Machines of the example engine have one memory size: its maximum must equal it",
                context.failureOf(provider.change(web3.ref(), new VmChange.Memory(2048 * MIB, 4096 * MIB))).getMessage());
        assertEquals("Give between 256 MiB and 64 GiB (a node's memory)",
                context.failureOf(provider.change(web3.ref(), new VmChange.Memory(128 * MIB, 128 * MIB))).getMessage());
        assertEquals(2048 * MIB, context.vm("web-3").memoryKiB(), "unchanged");
    }

    @Test
    void aCreatedMachineIsDispatchedBeforeTheTaskEnds() throws Exception {
        VmSpec spec = new VmSpec(ExampleProvider.CONNECTION, "made-1", null, 1024 * MIB, 1, Firmware.BIOS,
                new InstallSource.FromTemplate("tiny"), new StorageChoice.NoStorage(),
                new NetworkChoice.VirtualNetwork("engine-net"), null, null, true);
        provider.validate(spec);
        assertEquals("Created VM 'made-1' from template 'tiny' and started it",
                context.run(provider.create(spec).start(new TestTaskProgress())));
        Vm made = context.vm("made-1");
        assertEquals(VmStates.RUNNING, made.state());
        assertEquals(List.of(1, 1024 * MIB), List.of(made.vcpus(), made.memoryKiB()));
        assertEquals("engine/vol-made-1-vda", made.disks().get(0).source());
        assertTrue(context.dispatched(VmAction.VmUpdated.class).stream().anyMatch(a -> a.vm().name().equals("made-1")));
        assertEquals("A VM named 'made-1' exists on this connection",
                provider.nameProblem(ExampleProvider.CONNECTION, "made-1"));
    }
}
