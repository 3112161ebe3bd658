package dev.hangar.host.configure;

import dev.hangar.host.create.Creation;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Permission;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.plugins.capability.VmConfiguration;
import dev.hangar.plugins.capability.VmCreation;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Store;
import dev.hangar.store.Thunk;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Configuration} through the host's command path: a change is run by {@link VmCommands} (role
 * from {@link Permission#forChange}, busy mark, failure kept on the VM, audit as {@link VmChange#id()}
 * with the provider's before/after); a clone is a task ({@link Permission#CREATE}, audited as {@value #CLONE_VERB}).
 */
public final class ConfigCommands implements Configuration {
    public static final String CLONE_VERB = "clone_vm";
    static final ProviderAction CLONE = ProviderAction.of("clone-vm", "Clone VM").withProgress("Cloning");

    private final ProviderRegistry providers;
    private final Store store;
    private final VmCommands commands;
    private final TaskCommands tasks;

    public ConfigCommands(ProviderRegistry providers, Store store, VmCommands commands, TaskCommands tasks) {
        this.providers = providers;
        this.store = store;
        this.commands = commands;
        this.tasks = tasks;
    }

    @Override
    public boolean offered(VmRef vm) {
        return providers.capability(vm.provider(), VmConfiguration.class).isPresent();
    }

    @Override
    public CompletionStage<VmSettings> settings(VmRef vm) {
        return providers.call(vm.provider(), VmConfiguration.class, "the settings of VM '" + vm.name() + "'",
                configuration -> configuration.settings(vm));
    }

    @Override
    public CompletionStage<CreationChoices> choices(VmRef vm) {
        return providers.call(vm.provider(), VmCreation.class, "the choices for VM '" + vm.name() + "'",
                creation -> creation.choices(vm.connection()));
    }

    @Override
    public CompletionStage<Applied> change(Actor actor, VmRef vm, VmChange change) {
        return commands.run(actor, vm, operation(change), change.id(), Permission.forChange(change), change.options(),
                ConfigCommands::outcome, provider -> provider.thunk(operation(change), made(provider.as(VmConfiguration.class)
                        .orElse(null), vm, change)));
    }

    /** The busy mark of a change: "Changing memory" (a provider action's id has dashes, the audit's verb underscores). */
    static ProviderAction operation(VmChange change) {
        String words = change.setting().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        ProviderAction action = ProviderAction.of("change-" + words.replace(' ', '-'), "Change " + words)
                .withProgress("Changing " + words);
        return change.destructive() ? action.withRole(ProviderAction.Role.ADMINISTRATOR).asDestructive() : action;
    }

    /** The provider's thunk of the change, made on its lane (so what making it throws fails the change, guarded). */
    private static Thunk<Applied> made(VmConfiguration configuration, VmRef vm, VmChange change) {
        return (dispatcher, state) -> {
            if (configuration == null) {
                throw new IllegalStateException("Provider '" + vm.provider() + "' cannot change VMs");
            }
            Thunk<Applied> thunk = configuration.change(vm, change);
            if (thunk == null) {
                throw new IllegalStateException("the provider returned no thunk for " + change.id());
            }
            return thunk.run(dispatcher, state);
        };
    }

    private static Map<String, Object> outcome(Applied applied) {
        if (applied == null) {
            return Map.of();
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("before", applied.before());
        outcome.put("after", applied.after());
        outcome.put("live", applied.live());
        outcome.put("next_boot", applied.nextBoot());
        return outcome;
    }

    @Override
    public Creation.Run cloneVm(Actor actor, VmRef vm, CloneSpec spec) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("name", spec.name());
        options.put("disks", spec.disks().stream().map(d -> d.target() + "->" + d.pool()).toList());
        TaskCommands.Started started = tasks.runUntied(actor, Permission.CREATE, vm, CLONE, CLONE_VERB, options,
                () -> cloneBody(vm, spec));
        return new Creation.Run(started.listed(), started.done());
    }

    /** The provider's clone body, once the VM is known and the provider says it can clone it. */
    private CompletionStage<TaskBody> cloneBody(VmRef vm, CloneSpec spec) {
        if (!store.getState().get(VmsState.BRANCH, VmsState.class).vms().containsKey(vm)) {
            return CompletableFuture.failedFuture(new IllegalStateException("VM '" + vm.name() + "' no longer exists"));
        }
        return providers.call(vm.provider(), VmConfiguration.class, "the clone of VM '" + vm.name() + "'", configuration -> {
            if (!configuration.settings(vm).changeable().contains(Setting.CLONE)) {
                throw new IllegalStateException("Provider '" + vm.provider() + "' cannot clone VM '" + vm.name() + "'");
            }
            return configuration.cloneVm(vm, spec);
        });
    }
}
