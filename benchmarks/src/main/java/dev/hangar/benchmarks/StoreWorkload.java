package dev.hangar.benchmarks;

import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.host.state.VmsReducer;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmOs;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.store.DefaultStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The store workload of {@link StoreDispatchBenchmark}: a store whose {@code vms} branch holds
 * {@code count} VMs of one connection, and one VM changed per dispatched action, walking round the
 * VMs. {@code benchmarks/redux/bench.mjs} builds the same VMs and the same actions for Redux.
 */
public final class StoreWorkload implements AutoCloseable {
    public static final String PROVIDER = "bench";
    public static final String CONNECTION = "test:///bench";

    private static final long GIB_IN_KIB = 1024L * 1024;

    private final DefaultStore store = DefaultStore.create();
    private final Vm[] vms;
    private int next;
    private long tick;

    public StoreWorkload(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the workload needs at least one VM, was " + count);
        }
        vms = new Vm[count];
        Arrays.setAll(vms, StoreWorkload::newVm);
        store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
        store.dispatch(VmActions.INSTANCE.replaceVms(PROVIDER, CONNECTION, List.of(vms)));
        // A first stats tick, so that every VM has a usage sample as on a running host.
        Map<VmRef, VmUsage> firstTick = new HashMap<>();
        for (Vm vm : vms) {
            firstTick.put(vm.ref(), nextUsage());
        }
        store.dispatch(VmActions.INSTANCE.usageSampled(firstTick));
    }

    public DefaultStore store() {
        return store;
    }

    public int size() {
        return vms.length;
    }

    /** The VM as last dispatched. */
    public Vm current(int index) {
        return vms[index];
    }

    /** Flips the next VM between running and shut off and dispatches it as a {@code VmUpdated}. */
    public Vm updateOne() {
        int i = advance();
        Vm vm = vms[i];
        Vm changed = VmStates.RUNNING.equals(vm.state())
                ? vm.withState(VmStates.SHUT_OFF, "shutdown")
                : vm.withState(VmStates.RUNNING, "booted");
        vms[i] = changed;
        store.dispatch(new VmAction.VmUpdated(changed));
        return changed;
    }

    /** Dispatches a fresh usage sample of the next VM alone, as a {@code UsageSampled}. */
    public VmUsage sampleOne() {
        int i = advance();
        VmUsage usage = nextUsage();
        store.dispatch(new VmAction.UsageSampled(Map.of(vms[i].ref(), usage)));
        return usage;
    }

    private VmUsage nextUsage() {
        tick++;
        return new VmUsage(tick % 100, GIB_IN_KIB + tick % GIB_IN_KIB, tick);
    }

    private int advance() {
        int i = next;
        next = i + 1 == vms.length ? 0 : i + 1;
        return i;
    }

    /** VM number {@code i}, shaped like a small libvirt guest: two disks, one NIC. */
    public static Vm newVm(int i) {
        String name = String.format("vm-%05d", i);
        VmRef ref = new VmRef(PROVIDER, CONNECTION, name, new UUID(0x4a4e, i).toString());
        List<VmDisk> disks = List.of(
                new VmDisk("vda", "disk", "virtio", "file", "/var/lib/libvirt/images/" + name + ".qcow2",
                        "qcow2", 20L << 30, 3L << 30, false),
                new VmDisk("sda", "cdrom", "sata", null, null, "raw", null, null, true));
        List<VmNic> nics = List.of(new VmNic("network", "default", "virtio",
                String.format("52:54:00:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff), "up", null));
        VmOs os = new VmOs("hvm", "x86_64", "pc-q35-7.2", List.of("hd"));
        return new Vm(ref, VmStates.SHUT_OFF, "shutdown", 2, 2 * GIB_IN_KIB, 4 * GIB_IN_KIB, os, false, true,
                disks, nics);
    }

    @Override
    public void close() {
        store.close();
    }
}
