package dev.hangar.host.providers;

import dev.hangar.host.security.Actor;
import dev.hangar.host.state.HostVmAction;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.plugins.Caller;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.Verbs;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.plugins.vm.VmWarning;
import dev.hangar.store.Action;
import dev.hangar.store.Dispatcher;
import dev.hangar.store.Store;
import dev.hangar.store.Thunk;
import dev.hangar.host.security.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The one place where an action on a VM is dispatched: it checks the provider's predicate, marks the
 * VM busy, runs the provider's thunk on the store, and records success or the failure's message. A
 * {@link VmWarning} from the thunk is a success whose stage still fails with that warning, for the caller to show.
 * Views call this; they never call a provider. The same path takes the seed's verbs and a provider's
 * own actions (from its tabs, disk columns and disk actions, through their {@code VmContext}). Every
 * action is asked for by an {@link Actor} (a view passes its session's, a command line or a job its
 * own; no browser session is needed) and passes the {@link Gatekeeper} first: it runs only if that
 * actor's role allows it, and it is audited either way. The provider's thunk sees who asked, read-only,
 * as a {@link Caller} of the dispatcher it runs with.
 */
public final class VmCommands {
    private final Store store;
    private final ProviderRegistry providers;
    private final Gatekeeper gatekeeper;

    public VmCommands(Store store, ProviderRegistry providers, Gatekeeper gatekeeper) {
        this.store = store;
        this.providers = providers;
        this.gatekeeper = gatekeeper;
    }

    /** Runs a verb other than delete for {@code actor}. */
    public CompletionStage<Void> run(Actor actor, VmRef ref, VmVerb verb) {
        if (verb == VmVerb.DELETE) {
            return delete(actor, ref, DeleteOptions.KEEP_STORAGE);
        }
        return perform(actor, ref, verb, Map.of(), provider -> Verbs.thunk(provider, verb, ref));
    }

    /** Deletes a VM with the given options; only the listed storage targets are deleted. */
    public CompletionStage<Void> delete(Actor actor, VmRef ref, DeleteOptions options) {
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("destroy", options.destroy());
        audited.put("storage", options.storageTargets());
        return perform(actor, ref, VmVerb.DELETE, audited, provider -> provider.deleteVm(ref, options));
    }

    /**
     * Dismisses the VM's last failure, the one recorded at {@code error.at()}: it stops showing for
     * everyone, so it needs what the failed action needed, and it is audited like an action.
     */
    public CompletionStage<Void> dismissError(Actor actor, VmRef ref, VmError error) {
        Map<String, Object> audited = new LinkedHashMap<>();
        if (error.operation() != null) {
            audited.put("failed", error.operation().id());
        }
        audited.put("message", error.message());
        return gatekeeper.perform(actor, dismissPermission(error), target(ref), "dismiss_error", audited, () -> {
            store.dispatch(new HostVmAction.VmErrorDismissed(ref, error.at()));
            return CompletableFuture.completedFuture(null);
        });
    }

    /** What a user needs to dismiss this failure: what the action that failed needed. */
    public static Permission dismissPermission(VmError error) {
        return error.operation() == null ? Permission.LIFECYCLE : permission(error.operation());
    }

    /** How the audit names a VM: {@code vm:provider/connection/name}. */
    public static String target(VmRef ref) {
        return "vm:" + ref.provider() + "/" + ref.connection() + "/" + ref.name();
    }

    /**
     * Runs a provider's own action on a VM with the provider's thunk for it; {@code options} are
     * audited with it. Options that are not what {@code VmContext.run} promises to take (a null, a key
     * that is not a string, a value other than a string, number, boolean or list of them) fail the stage
     * with a message for people, audited (with the options' string forms), and the thunk never runs.
     */
    public CompletionStage<Void> run(Actor actor, VmRef ref, ProviderAction action, Map<?, ?> options, Thunk<Void> thunk) {
        String problem = optionsProblem(options);
        if (problem != null) {
            String message = "Provider '" + ref.provider() + "' gave '" + action.label() + "' options the host cannot record: "
                    + problem + " (options are strings, numbers, booleans and lists of them, without nulls)";
            return gatekeeper.perform(actor, permission(action), target(ref), action.id(), wording(action, ref),
                    AuditLog.asText(options), () -> fail(ref, action, message));
        }
        Map<String, Object> audited = new LinkedHashMap<>();
        options.forEach((key, value) -> audited.put((String) key, value));
        return perform(actor, ref, action, audited, provider -> provider.thunk(action, thunk));
    }

    /** What is wrong with a provider action's options, or null when they are what the audit can record. */
    private static String optionsProblem(Map<?, ?> options) {
        if (options == null) {
            return "there are none (null), not even an empty map";
        }
        for (Map.Entry<?, ?> option : options.entrySet()) {
            if (!(option.getKey() instanceof String key)) {
                return option.getKey() == null ? "an option has no name (null)"
                        : "the name " + option.getKey() + " is a " + option.getKey().getClass().getName() + ", not a string";
            }
            Object value = option.getValue();
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    if (!scalar(element)) {
                        return "the list '" + key + "' holds " + described(element);
                    }
                }
            } else if (!scalar(value)) {
                return "'" + key + "' is " + described(value);
            }
        }
        return null;
    }

    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static String described(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }

    /** The permission an operation needs: a provider's action says which role it needs. */
    public static Permission permission(VmOperation operation) {
        if (operation instanceof ProviderAction action) {
            return action.role() == ProviderAction.Role.ADMINISTRATOR ? Permission.DELETE : Permission.LIFECYCLE;
        }
        return Permission.forVerb((VmVerb) operation);
    }

    private CompletionStage<Void> perform(Actor actor, VmRef ref, VmOperation verb, Map<String, Object> options,
            Function<GuardedProvider, Thunk<Void>> thunk) {
        return gatekeeper.perform(actor, permission(verb), target(ref), verb.id(), wording(verb, ref), options,
                () -> dispatch(caller(actor), ref, verb, thunk));
    }

    /**
     * Runs a change of a VM's configuration for {@code actor} through this command path: {@code needed}
     * checked, the VM busy as {@code operation} while it runs, its failure kept on the VM, audited as
     * {@code verb} with {@code options} and, once it succeeded, what {@code outcome} says of its value
     * (a change's before and after).
     */
    public <T> CompletionStage<T> run(Actor actor, VmRef ref, ProviderAction operation, String verb, Permission needed,
            Map<String, Object> options, Function<T, Map<String, Object>> outcome, Function<GuardedProvider, Thunk<T>> thunk) {
        // The gatekeeper records the map when the stage completes: the outcome is added before it does.
        Map<String, Object> audited = new LinkedHashMap<>(options);
        return gatekeeper.perform(actor, needed, target(ref), verb, wording(operation, ref), audited,
                () -> dispatch(caller(actor), ref, operation, provider -> {
                    Thunk<T> made = thunk.apply(provider);
                    return (dispatcher, state) -> made.run(dispatcher, state).thenApply(value -> {
                        audited.putAll(outcome.apply(value));
                        return value;
                    });
                }));
    }

    /**
     * Runs a thunk of an active provider on its lane, guarded as its own and knowing who asked, for
     * work that is not an action on an existing VM (making a new one); fails when the provider is not active.
     */
    public <T> CompletionStage<T> runOnLane(Actor actor, String provider, ProviderAction doing, Thunk<T> thunk) {
        ActiveProvider active = providers.get(provider).orElse(null);
        if (active == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Provider '" + provider + "' is not active"));
        }
        return active.provider().lane().dispatch(askedBy(caller(actor), active.provider().thunk(doing, thunk)));
    }

    private static Caller caller(Actor actor) {
        return new Caller(actor.name(), actor.role().id(), actor.address());
    }

    /** The operation in people's words, for a refusal: "force off VM 'web1'". */
    private static String wording(VmOperation operation, VmRef ref) {
        if (operation instanceof ProviderAction action) {
            return "use '" + action.label() + "' on VM '" + ref.name() + "'";
        }
        return ((VmVerb) operation).on(ref.name());
    }

    private <T> CompletionStage<T> dispatch(Caller caller, VmRef ref, VmOperation verb,
            Function<GuardedProvider, Thunk<T>> thunk) {
        ActiveProvider active = providers.get(ref.provider()).orElse(null);
        if (active == null) {
            return fail(ref, verb, "Provider '" + ref.provider() + "' is not active");
        }
        Vm vm = store.getState().get(VmsState.BRANCH, VmsState.class).vms().get(ref);
        if (vm == null) {
            return CompletableFuture.failedFuture(
                    new VmCommandException("VM '" + ref.name() + "' no longer exists", null));
        }
        if (verb instanceof ProviderAction action) {
            if (!active.provider().available(action, vm)) {
                return fail(ref, verb, action.label() + " is not possible for VM '" + ref.name() + "' now ("
                        + active.stateInfo(vm.state()).label().toLowerCase(Locale.ROOT) + ")");
            }
        } else if (!Verbs.allowed(active.provider(), (VmVerb) verb, vm.state())) {
            return fail(ref, verb, verb.label() + " is not possible while VM '" + ref.name() + "' is "
                    + active.stateInfo(vm.state()).label().toLowerCase(Locale.ROOT));
        }
        Thunk<T> action;
        try {
            action = thunk.apply(active.provider());
        } catch (GuardedProvider.Failed e) {
            return fail(ref, verb, e.getMessage());
        }
        store.dispatch(new HostVmAction.VmActionStarted(ref, verb));
        CompletableFuture<T> done = new CompletableFuture<>();
        active.provider().lane().dispatch(askedBy(caller, action)).whenComplete((value, error) -> {
            VmWarning warning = VmWarning.of(error);
            if (error == null) {
                store.dispatch(new HostVmAction.VmActionSucceeded(ref, verb));
                done.complete(value);
            } else if (warning != null) {
                // Done, with something to say: the caller shows the warning.
                store.dispatch(new HostVmAction.VmActionSucceeded(ref, verb));
                done.completeExceptionally(warning);
            } else {
                String message = Guard.message(error);
                store.dispatch(VmActions.INSTANCE.actionFailed(ref, verb, message));
                done.completeExceptionally(new VmCommandException(message, error));
            }
        });
        return done;
    }

    private <T> CompletionStage<T> fail(VmRef ref, VmOperation verb, String message) {
        store.dispatch(VmActions.INSTANCE.actionFailed(ref, verb, message));
        return CompletableFuture.failedFuture(new VmCommandException(message, null));
    }

    /** The thunk, run with a dispatcher that tells it (and the thunks it dispatches) who asked. */
    private static <T> Thunk<T> askedBy(Caller caller, Thunk<T> thunk) {
        return (dispatcher, state) -> thunk.run(new Asked(dispatcher, caller), state);
    }

    /** One command's dispatcher: the store's, plus who asked for the command. */
    private record Asked(Dispatcher dispatcher, Caller caller) implements Caller.Known {
        @Override
        public void dispatch(Action action) {
            dispatcher.dispatch(action);
        }

        @Override
        public <T> CompletionStage<T> dispatch(Thunk<T> thunk) {
            return dispatcher.dispatch(askedBy(caller, thunk));
        }
    }

    /** An action on a VM failed; the message is for people. */
    public static final class VmCommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VmCommandException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
