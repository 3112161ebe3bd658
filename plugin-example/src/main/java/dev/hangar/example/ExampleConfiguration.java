package dev.hangar.example;

import dev.hangar.example.engine.EngineVm;
import dev.hangar.example.engine.SimulatedEngine;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.store.Thunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The example's {@code VmConfiguration} (a capability: {@link ExampleProvider} implements it and asks
 * this): memory and vCPUs, nothing else. The engine keeps them in the machine's definition: a machine
 * that is down has them at once, a running one at its next boot, and until then they are pending.
 * It has one size each (no maximum to grow into live), so a change's maximum must equal its value.
 */
final class ExampleConfiguration {
    private static final Set<Setting> CHANGEABLE = Set.of(Setting.MEMORY, Setting.VCPUS);
    private static final long MIN_MEMORY_MIB = 256;

    private final SimulatedEngine engine;

    ExampleConfiguration(SimulatedEngine engine) {
        this.engine = engine;
    }

    /** As of the next boot: the definition's values, and in words what differs from the running machine. */
    VmSettings settings(String id) throws Exception {
        EngineVm vm = ExampleProvider.answer(engine.machine(id));
        List<BootDevice> boot = vm.disks().stream()
                .map(d -> new BootDevice("disk:" + d.target(), "Disk " + d.target() + " (engine/" + d.volume() + ")", true))
                .toList();
        List<String> pending = new ArrayList<>();
        if (vm.nextMemoryMiB() != vm.memoryMiB()) {
            pending.add("Memory: " + memory(vm.memoryMiB()) + " → " + memory(vm.nextMemoryMiB()));
        }
        if (vm.nextCpus() != vm.cpus()) {
            pending.add("vCPUs: " + vm.cpus() + " → " + vm.nextCpus());
        }
        long memoryKiB = vm.nextMemoryMiB() * 1024L;
        return new VmSettings(memoryKiB, memoryKiB, vm.nextCpus(), vm.nextCpus(), new CpuModel(CpuModel.Mode.DEFAULT, null),
                false, boot, "", Firmware.BIOS, ExampleHostInformation.CPUS_PER_NODE, ExampleCreation.nodeMemoryKiB(),
                List.of(), Set.of(Firmware.BIOS), CHANGEABLE, Set.of(), pending);
    }

    // tag::change[]
    /** The thunk of one change: memory or vCPUs into the definition; any other change is refused. */
    Thunk<Applied> change(String id, VmChange change) {
        return (dispatcher, state) -> engine.machine(id).thenCompose(vm -> {
            int cpus = vm.nextCpus();
            int memoryMiB = vm.nextMemoryMiB();
            String before;
            String after;
            if (change instanceof VmChange.Memory memory) {
                String problem = memory.maxMemoryKiB() != memory.memoryKiB()
                        ? "Machines of the example engine have one memory size: its maximum must equal it"
                        : memoryProblem(memory.memoryKiB());
                if (problem != null) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
                }
                memoryMiB = (int) (memory.memoryKiB() / 1024);
                before = memory(vm.nextMemoryMiB());
                after = memory(memoryMiB);
            } else if (change instanceof VmChange.Vcpus vcpus) {
                int most = ExampleHostInformation.CPUS_PER_NODE;
                String problem = vcpus.maxVcpus() != vcpus.vcpus()
                        ? "Machines of the example engine have a fixed number of vCPUs: its maximum must equal it"
                        : vcpus.vcpus() < 1 || vcpus.vcpus() > most
                        ? "A node has " + most + " CPUs; " + vcpus.vcpus() + " vCPUs cannot be" : null;
                if (problem != null) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
                }
                cpus = vcpus.vcpus();
                before = vcpus(vm.nextCpus());
                after = vcpus(cpus);
            } else {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("The example engine changes "
                        + "only memory and vCPUs, not " + change.setting().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
            }
            boolean running = !SimulatedEngine.DOWN.equals(vm.status());
            // The engine dispatches the changed machine (its event) before this completes.
            return engine.configure(id, cpus, memoryMiB).thenApply(changed -> new Applied(false, running, before, after));
        });
    }
    // end::change[]

    /** Why a new memory size cannot be, or null: whole MiB, at least 256 MiB, at most a node's. */
    static String memoryProblem(long memoryKiB) {
        long node = ExampleCreation.nodeMemoryKiB();
        if (memoryKiB % 1024 != 0) {
            return "Memory is set in whole MiB";
        }
        if (memoryKiB < MIN_MEMORY_MIB * 1024 || memoryKiB > node) {
            return "Give between " + MIN_MEMORY_MIB + " MiB and " + memory((int) (node / 1024)) + " (a node's memory)";
        }
        return null;
    }

    static String vcpus(int count) {
        return count == 1 ? "1 vCPU" : count + " vCPUs";
    }

    /** "512 MiB", "4 GiB". */
    static String memory(int mib) {
        return mib % 1024 == 0 ? mib / 1024 + " GiB" : mib + " MiB";
    }
}
