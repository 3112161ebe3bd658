package dev.hangar.host.create;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Permission;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.plugins.capability.VmCreation;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Store;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Creation} through the host's task path: the targets are the connected connections of active
 * providers with {@link VmCreation}; a creation is a task of the VM to be ({@code VmRef} without id),
 * checked for {@link Permission#CREATE}, validated by the provider, and audited as {@value #VERB}.
 */
public final class CreationCommands implements Creation {
    public static final String VERB = "create_vm";
    /** How the task list names a creation; its id guards the provider's thunk. */
    static final ProviderAction CREATE = ProviderAction.of("create-vm", "Create VM").withProgress("Creating");

    private final ProviderRegistry providers;
    private final Store store;
    private final TaskCommands tasks;

    public CreationCommands(ProviderRegistry providers, Store store, TaskCommands tasks) {
        this.providers = providers;
        this.store = store;
        this.tasks = tasks;
    }

    @Override
    public List<CreationTarget> targets() {
        Map<String, ActiveProvider> active = providers.active();
        VmsState state = store.getState().get(VmsState.BRANCH, VmsState.class);
        return state.connections().values().stream()
                .filter(c -> c.state() == ConnectionStatus.State.CONNECTED)
                .filter(c -> active.containsKey(c.provider())
                        && active.get(c.provider()).provider().as(VmCreation.class).isPresent())
                .map(c -> new CreationTarget(c.provider(), c.connection(), c.label()))
                .sorted(Comparator.comparing(CreationTarget::provider).thenComparing(CreationTarget::label))
                .toList();
    }

    @Override
    public CompletionStage<CreationChoices> choices(CreationTarget target) {
        return providers.call(target.provider(), VmCreation.class, "the creation choices of " + target.connection(),
                creation -> creation.choices(target.connection()));
    }

    @Override
    public CompletionStage<String> nameProblem(CreationTarget target, String name) {
        return providers.call(target.provider(), VmCreation.class, "a check of the name '" + name + "'",
                creation -> creation.nameProblem(target.connection(), name));
    }

    @Override
    public Run create(Actor actor, CreationTarget target, VmSpec spec) {
        VmRef ref = new VmRef(target.provider(), target.connection(), spec.name(), "");
        TaskCommands.Started started = tasks.runUntied(actor, Permission.CREATE, ref, CREATE, VERB, options(spec),
                () -> spec.connection().equals(target.connection())
                        ? providers.call(target.provider(), VmCreation.class, "the check of new VM '" + spec.name() + "'",
                                creation -> {
                                    creation.validate(spec);
                                    return creation.create(spec);
                                })
                        : CompletableFuture.failedFuture(new IllegalArgumentException("The new VM's connection "
                                + spec.connection() + " is not the target's, " + target.connection())));
        return new Run(started.listed(), started.done());
    }

    /** What the audit records of a new VM: its main choices, never a cloud-init password or user-data. */
    static Map<String, Object> options(VmSpec spec) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("name", spec.name());
        options.put("connection", spec.connection());
        options.put("os", spec.os() == null ? "generic" : spec.os());
        options.put("memory_kib", spec.memoryKiB());
        options.put("vcpus", spec.vcpus());
        options.put("firmware", spec.firmware().name().toLowerCase(Locale.ROOT));
        options.put("install", spec.install().method().name().toLowerCase(Locale.ROOT));
        InstallSource install = spec.install();
        if (install instanceof InstallSource.Iso iso) {
            options.put("install_path", iso.path());
        } else if (install instanceof InstallSource.NetworkTree tree) {
            options.put("install_url", tree.url());
        } else if (install instanceof InstallSource.Import image) {
            options.put("install_path", image.path());
        } else if (install instanceof InstallSource.CloudImage cloud) {
            options.put("install_path", cloud.imagePath());
        } else if (install instanceof InstallSource.Kernel kernel) {
            options.put("install_path", kernel.kernel());
        } else if (install instanceof InstallSource.FromTemplate template) {
            options.put("template", template.templateId());
        }
        StorageChoice storage = spec.storage();
        if (storage instanceof StorageChoice.NewVolume volume) {
            options.put("storage", "new");
            options.put("pool", volume.pool());
            options.put("size_bytes", volume.sizeBytes());
            options.put("format", volume.format());
        } else if (storage instanceof StorageChoice.ExistingVolume existing) {
            options.put("storage", "existing");
            options.put("storage_path", existing.path());
        } else {
            options.put("storage", "none");
        }
        NetworkChoice network = spec.network();
        if (network instanceof NetworkChoice.VirtualNetwork virtual) {
            options.put("network", virtual.name());
        } else if (network instanceof NetworkChoice.Bridge bridge) {
            options.put("bridge", bridge.name());
        } else {
            options.put("network", "none");
        }
        options.put("start", spec.start());
        return options;
    }
}
