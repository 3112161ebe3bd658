package dev.hangar.testsupport;

import com.vaadin.flow.component.Component;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmOs;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.plugins.vm.VmWarning;
import dev.hangar.store.Thunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A provider for testing the UI's contract: VMs in memory whose lifecycle verbs change their state at
 * once, a state of its own ("migrating", which allows nothing), pause/resume, failures, warnings and
 * slow actions on demand, and contributions (tabs, disk columns, disk actions) set by each test.
 */
public class TestProvider implements VirtProvider {
    public static final String MIGRATING = "migrating";
    public static final String CONNECTION = "test:///ui";

    private final String name;
    private final Map<VmRef, Vm> vms = new ConcurrentHashMap<>();
    private final Map<VmVerb, String> failures = new ConcurrentHashMap<>();
    private final Map<VmVerb, String> warnings = new ConcurrentHashMap<>();
    private final Map<VmVerb, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<DeleteOptions> deletes = new CopyOnWriteArrayList<>();
    public volatile List<VmTab> tabs = List.of();
    public volatile List<DiskColumn> diskColumns = List.of();
    public volatile Function<VmContext, List<Component>> diskActions = ctx -> List.of();
    public volatile boolean demo = true;
    private volatile ProviderContext context;

    public TestProvider(String name) {
        this.name = name;
    }

    /** A VM of this provider on its one connection, with two disks (one without source) and a NIC. */
    public Vm vm(String vmName, String state) {
        VmRef ref = new VmRef(name, CONNECTION, vmName, "uuid-" + name + "-" + vmName);
        return new Vm(ref, state, null, 2, 1024 * 1024, 2048 * 1024,
                new VmOs("hvm", "x86_64", "pc-q35-7.2", List.of("hd", "network")), true, true,
                List.of(new VmDisk("vda", "disk", "virtio", "file", "/var/lib/images/" + vmName + ".qcow2", "qcow2",
                                20L << 30, 3L << 30, false),
                        new VmDisk("vdb", "disk", "virtio", "file", "/var/lib/images/" + vmName + "-data.raw", "raw",
                                10L << 30, 1L << 30, false),
                        new VmDisk("hdc", "cdrom", "sata", null, null, null, null, null, true)),
                List.of(new VmNic("network", "default", "virtio", "52:54:00:12:34:56", "up", "vnet0")));
    }

    /** Adds or replaces a VM and tells the store. */
    public Vm put(Vm vm) {
        vms.put(vm.ref(), vm);
        if (context != null) {
            context.store().dispatch(context.actions().updateOrAddVm(vm));
        }
        return vm;
    }

    public void remove(VmRef ref) {
        vms.remove(ref);
        context.store().dispatch(context.actions().vmRemoved(ref));
    }

    public void usage(Vm vm, double cpu, long usedKiB, long at) {
        context.store().dispatch(context.actions().usageSampled(Map.of(vm.ref(), new VmUsage(cpu, usedKiB, at))));
    }

    public void connection(ConnectionStatus.State state, String message) {
        context.store().dispatch(context.actions().connectionChanged(
                new ConnectionStatus(name, CONNECTION, "Test " + name, state, message, demo, System.currentTimeMillis())));
    }

    /** The next {@code verb} fails with this message. */
    public void failNext(VmVerb verb, String message) {
        failures.put(verb, message);
    }

    /** The next {@code verb} takes effect but ends with a {@link VmWarning} saying this. */
    public void warnNext(VmVerb verb, String message) {
        warnings.put(verb, message);
    }

    /** The next {@code verb} runs until the returned future completes. */
    public CompletableFuture<Void> hold(VmVerb verb) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        holds.put(verb, gate);
        return gate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Boolean> init(ProviderContext ctx) {
        this.context = ctx;
        connection(ConnectionStatus.State.CONNECTED, null);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public Thunk<Void> getVm(String connection, String vmName) {
        return (dispatcher, state) -> CompletableFuture.completedFuture(null);
    }

    @Override
    public Thunk<Void> getAllVms() {
        return (dispatcher, state) -> {
            dispatcher.dispatch(context.actions().replaceVms(name, CONNECTION, new ArrayList<>(vms.values())));
            return CompletableFuture.completedFuture(null);
        };
    }

    private Thunk<Void> transition(VmVerb verb, VmRef ref, String newState) {
        return (dispatcher, state) -> {
            calls.add(verb + " " + ref.name());
            CompletableFuture<Void> gate = holds.remove(verb);
            if (gate != null) {
                gate.get();
            }
            String failure = failures.remove(verb);
            if (failure != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(failure));
            }
            Vm vm = vms.get(ref);
            if (newState == null) {
                remove(ref);
            } else if (vm != null) {
                put(vm.withState(newState, null));
            }
            String warning = warnings.remove(verb);
            return warning == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new VmWarning(warning));
        };
    }

    /** Every verb in one place; VirtProvider's verb methods default to this. */
    @Override
    public Thunk<Void> verb(VmVerb verb, VmRef vm) {
        return transition(verb, vm, switch (verb) {
            case SHUTDOWN, FORCE_OFF -> VmStates.SHUT_OFF;
            case PAUSE -> VmStates.PAUSED;
            case DELETE -> null;
            default -> VmStates.RUNNING;
        });
    }

    @Override
    public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
        deletes.add(options);
        return transition(VmVerb.DELETE, vm, null);
    }

    @Override
    public boolean canPause(String state) {
        return VmStates.RUNNING.equals(state);
    }

    @Override
    public boolean canResume(String state) {
        return VmStates.PAUSED.equals(state);
    }

    @Override
    public boolean canDelete(String state) {
        return !MIGRATING.equals(state);
    }

    @Override
    public Map<String, VmStateInfo> vmStateMap() {
        return Map.of(MIGRATING, new VmStateInfo("Migrating", "primary", "exchange"));
    }

    @Override
    public List<VmTab> vmTabs() {
        return tabs;
    }

    @Override
    public List<DiskColumn> vmDiskColumns() {
        return diskColumns;
    }

    @Override
    public List<Component> vmDiskActions(VmContext vm) {
        return diskActions.apply(vm);
    }
}
