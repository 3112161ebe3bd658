package dev.hangar.host.snapshots;

import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Permission;
import dev.hangar.plugins.capability.VmSnapshots;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Thunk;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@link Snapshots} through {@link VmCommands}: audited as {@value #TAKE_VERB}, {@value #REVERT_VERB}
 * and {@value #DELETE_VERB} with the snapshot's name, and the provider's result text once it succeeded.
 */
public final class SnapshotCommands implements Snapshots {
    public static final String TAKE_VERB = "snapshot_take";
    public static final String REVERT_VERB = "snapshot_revert";
    public static final String DELETE_VERB = "snapshot_delete";
    static final ProviderAction TAKE = ProviderAction.of("snapshot-take", "Take snapshot").withProgress("Taking a snapshot");
    static final ProviderAction REVERT = ProviderAction.of("snapshot-revert", "Revert to snapshot")
            .withProgress("Reverting to a snapshot");
    static final ProviderAction DELETE = ProviderAction.of("snapshot-delete", "Delete snapshot")
            .withProgress("Deleting a snapshot").withRole(ProviderAction.Role.ADMINISTRATOR).asDestructive();

    private final ProviderRegistry providers;
    private final VmCommands commands;

    public SnapshotCommands(ProviderRegistry providers, VmCommands commands) {
        this.providers = providers;
        this.commands = commands;
    }

    @Override
    public boolean offered(VmRef vm) {
        return providers.capability(vm.provider(), VmSnapshots.class).isPresent();
    }

    @Override
    public CompletionStage<SnapshotList> list(VmRef vm) {
        return providers.call(vm.provider(), VmSnapshots.class, "the snapshots of VM '" + vm.name() + "'",
                snapshots -> snapshots.snapshots(vm));
    }

    @Override
    public CompletionStage<String> take(Actor actor, VmRef vm, SnapshotSpec spec) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("snapshot", spec.name());
        options.put("with_memory", spec.withMemory());
        if (!spec.description().isEmpty()) {
            options.put("description", spec.description());
        }
        return run(actor, vm, TAKE, TAKE_VERB, Permission.SNAPSHOT, options, s -> s.takeSnapshot(vm, spec));
    }

    @Override
    public CompletionStage<String> revert(Actor actor, VmRef vm, String snapshot) {
        return run(actor, vm, REVERT, REVERT_VERB, Permission.SNAPSHOT, Map.of("snapshot", snapshot),
                s -> s.revertToSnapshot(vm, snapshot));
    }

    @Override
    public CompletionStage<String> delete(Actor actor, VmRef vm, String snapshot, boolean withChildren) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("snapshot", snapshot);
        options.put("with_children", withChildren);
        return run(actor, vm, DELETE, DELETE_VERB, Permission.DELETE, options,
                s -> s.deleteSnapshot(vm, snapshot, withChildren));
    }

    private CompletionStage<String> run(Actor actor, VmRef vm, ProviderAction operation, String verb, Permission needed,
            Map<String, Object> options, Function<VmSnapshots, Thunk<String>> make) {
        return commands.run(actor, vm, operation, verb, needed, options, result -> result == null ? Map.of()
                : Map.of("result", result), provider -> provider.thunk(operation,
                made(provider.as(VmSnapshots.class).orElse(null), vm, make)));
    }

    /** The provider's thunk, made on its lane (so what making it throws fails the action, guarded). */
    private static Thunk<String> made(VmSnapshots snapshots, VmRef vm, Function<VmSnapshots, Thunk<String>> make) {
        return (dispatcher, state) -> {
            if (snapshots == null) {
                throw new IllegalStateException("Provider '" + vm.provider() + "' has no snapshots");
            }
            Thunk<String> thunk = make.apply(snapshots);
            if (thunk == null) {
                throw new IllegalStateException("the provider returned no thunk");
            }
            return thunk.run(dispatcher, state);
        };
    }
}
