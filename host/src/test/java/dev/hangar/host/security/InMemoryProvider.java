package dev.hangar.host.security;

import dev.hangar.host.Hangar;
import dev.hangar.host.HostOptions;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.Thunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** A provider whose VMs live in memory; it records every call that reaches it. */
final class InMemoryProvider implements VirtProvider {
    static final String NAME = "mem";
    static final String CONNECTION = "mem:///host";

    final Map<VmRef, Vm> vms = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    /**
     * A real Hangar (no web server) with its data under {@code dir}, an empty plugins folder, users from
     * the users file, and this provider active as a plugin's would be.
     */
    Hangar startHangar(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("plugins"));
        HostOptions options = new HostOptions();
        new CommandLine(options).parseArgs("--plugins-dir", dir.resolve("plugins").toString(),
                "--data-dir", dir.resolve("data").toString(), "--auth", "file");
        Hangar hangar = new Hangar(options);
        hangar.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hangar.providers().activate("plugin-mem", this).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return hangar;
    }

    Vm add(String name, String state) {
        VmRef ref = new VmRef(NAME, CONNECTION, name, "id-" + name);
        Vm vm = new Vm(ref, state, null, 1, 1024, 1024, null, false, true,
                List.of(new VmDisk("vda", "disk", "virtio", "file", "/images/" + name + ".qcow2", "qcow2", 1L, 1L, false)), List.of());
        vms.put(ref, vm);
        return vm;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Boolean> init(ProviderContext context) {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public Thunk<Void> getVm(String connection, String name) {
        return getAllVms();
    }

    @Override
    public Thunk<Void> getAllVms() {
        return (dispatch, state) -> {
            dispatch.dispatch(VmActions.INSTANCE.replaceVms(NAME, CONNECTION, List.copyOf(vms.values())));
            return CompletableFuture.completedFuture(null);
        };
    }

    private Thunk<Void> toState(String verb, VmRef ref, String state) {
        return (dispatch, tree) -> {
            calls.add(verb + " " + ref.name());
            Vm vm = vms.computeIfPresent(ref, (k, old) -> old.withState(state, null));
            dispatch.dispatch(VmActions.INSTANCE.updateOrAddVm(vm));
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public Thunk<Void> shutdownVm(VmRef vm) {
        return toState("shutdown", vm, VmStates.SHUT_OFF);
    }

    @Override
    public Thunk<Void> forceOffVm(VmRef vm) {
        return toState("forceoff", vm, VmStates.SHUT_OFF);
    }

    @Override
    public Thunk<Void> rebootVm(VmRef vm) {
        return toState("reboot", vm, VmStates.RUNNING);
    }

    @Override
    public Thunk<Void> forceRebootVm(VmRef vm) {
        return toState("forcereboot", vm, VmStates.RUNNING);
    }

    @Override
    public Thunk<Void> sendNmiVm(VmRef vm) {
        return toState("nmi", vm, VmStates.RUNNING);
    }

    @Override
    public Thunk<Void> startVm(VmRef vm) {
        return toState("start", vm, VmStates.RUNNING);
    }

    @Override
    public Thunk<Void> deleteVm(VmRef ref, DeleteOptions options) {
        return (dispatch, tree) -> {
            calls.add("delete " + ref.name() + " " + options.storageTargets());
            vms.remove(ref);
            dispatch.dispatch(VmActions.INSTANCE.vmRemoved(ref));
            return CompletableFuture.completedFuture(null);
        };
    }
}
