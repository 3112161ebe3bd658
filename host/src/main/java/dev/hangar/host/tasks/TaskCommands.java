package dev.hangar.host.tasks;

import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.audit.AuditLog;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmWarning;
import dev.hangar.store.Thunk;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Long actions of providers as tasks, through the host's command path: a task is a provider action
 * run by {@link VmCommands#run(VmRef, ProviderAction, Map, Thunk)} (so its role is checked, the VM is
 * busy while it runs, its failure stays on the VM, and its end is audited), whose thunk lists it in
 * {@link Tasks} and audits its start when it begins. A cancelled task ends as cancelled: done for the
 * VM (no failure stays on it), "ok" in the command's audit entry with "Cancelled by …" as its message.
 */
public final class TaskCommands implements AutoCloseable {
    /** The audit result of a task's start; its end is ok, failed or (for a cancelled one) ok with why. */
    public static final String STARTED = "started";
    static final String CANCEL = "cancel_task";

    private final Tasks tasks;
    private final VmCommands commands;
    private final ProviderRegistry providers;
    private final Gatekeeper gatekeeper;
    private final AuditLog audit;
    private final Disposable watch;

    public TaskCommands(Tasks tasks, VmCommands commands, ProviderRegistry providers, Gatekeeper gatekeeper, AuditLog audit) {
        this.tasks = tasks;
        this.commands = commands;
        this.providers = providers;
        this.gatekeeper = gatekeeper;
        this.audit = audit;
        // A stopped provider's stages never complete: its running tasks end with it.
        this.watch = providers.changes().subscribe(active -> tasks.abandonAllBut(active.keySet()));
    }

    public Tasks tasks() {
        return tasks;
    }

    /**
     * Runs {@code action} on the VM as a task for {@code actor} (see {@code VmContext.runTask}).
     * Completes with the task's result text; fails as {@link VmCommands#run} does, or with a
     * {@link CancellationException} when the task was cancelled.
     */
    public CompletionStage<String> runTask(Actor actor, VmRef ref, ProviderAction action, Map<?, ?> options, TaskBody body) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Map<String, Object> audited = new LinkedHashMap<>();
        if (options != null) {
            options.forEach((key, value) -> audited.put(String.valueOf(key), value));
        }
        // Made only once the command passed its checks: a refused or unavailable action lists no task.
        Thunk<Void> thunk = task(actor, ref, action.id(), action.label(), action.role() == ProviderAction.Role.ADMINISTRATOR,
                audited, body, outcome, new CompletableFuture<>());
        commands.run(actor, ref, action, options, thunk).whenComplete((done, error) -> {
            if (error == null) {
                outcome.complete(null);
            } else {
                outcome.completeExceptionally(error);  // a no-op when the task ended it already
            }
        });
        return outcome;
    }

    /** A task that is started: {@code listed} completes with its id once it is in the list. */
    public record Started(CompletionStage<Long> listed, CompletionStage<String> done) {
    }

    /**
     * Runs a task of a VM that need not exist (the VM a creation or a clone makes) for {@code actor},
     * as {@link #runTask} does but without the checks of an existing VM: {@code needed} checked and
     * the task audited as {@code verb} (refused; started with its id; ended), then {@code prepare} (the
     * provider's checks, making its body: its failure fails both stages as it is, audited as failed),
     * then the body run on the provider's lane. {@code listed} fails like {@code done} when no task is listed.
     */
    public Started runUntied(Actor actor, Permission needed, VmRef ref, ProviderAction doing, String verb,
            Map<String, Object> options, Supplier<CompletionStage<TaskBody>> prepare) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CompletableFuture<Long> listed = new CompletableFuture<>();
        String what = Character.toLowerCase(doing.label().charAt(0)) + doing.label().substring(1) + " '" + ref.name() + "'";
        gatekeeper.perform(actor, needed, VmCommands.target(ref), verb, what, options,
                () -> prepare.get().thenCompose(body -> commands.runOnLane(actor, ref.provider(), doing,
                        task(actor, ref, verb, doing.label(), false, options, body, outcome, listed))))
                .whenComplete((done, error) -> {
                    Throwable cause = unwrapped(error);
                    if (cause == null) {
                        outcome.complete(null);
                    } else {
                        outcome.completeExceptionally(cause);  // a no-op when the task ended it already
                    }
                    listed.completeExceptionally(cause == null ? new IllegalStateException("no task was listed") : cause);
                });
        return new Started(listed, outcome);
    }

    private static Throwable unwrapped(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    /** The thunk that lists the task, audits its start as {@code verb}, runs the body and ends the task. */
    private Thunk<Void> task(Actor actor, VmRef ref, String verb, String label, boolean administrative,
            Map<String, Object> options, TaskBody body, CompletableFuture<String> outcome, CompletableFuture<Long> listed) {
        return (dispatcher, state) -> {
            Tasks.Handle handle = tasks.begin(ref, verb, label, administrative, actor.name(), this::runHook);
            Map<String, Object> audited = new LinkedHashMap<>(options);
            audited.put("task", handle.id());
            audit.append(new AuditEntry(tasks.clock().instant(), actor.name(), actor.role().id(), actor.address(),
                    VmCommands.target(ref), verb, audited, STARTED, null));
            listed.complete(handle.id());
            CompletionStage<String> work;
            try {
                Thunk<String> started = body.start(handle);
                if (started == null) {
                    throw new IllegalStateException("the provider's task body returned no thunk");
                }
                work = started.run(dispatcher, state);
                if (work == null) {
                    throw new IllegalStateException("the provider's task returned no stage");
                }
            } catch (Throwable e) {
                Guard.rethrowFatal(e);
                work = CompletableFuture.failedFuture(e);
            }
            return work.handle((text, error) -> ended(handle, text, error, outcome)).thenCompose(stage -> stage);
        };
    }

    /** Ends the task and gives the command what it should make of it. */
    private CompletionStage<Void> ended(Tasks.Handle handle, String text, Throwable error, CompletableFuture<String> outcome) {
        VmWarning warning = error == null ? null : VmWarning.of(error);
        if (error == null) {
            tasks.end(handle.id(), Task.Status.OK, text);
            outcome.complete(text);
            return CompletableFuture.completedFuture(null);
        }
        if (warning != null) {
            tasks.end(handle.id(), Task.Status.OK, warning.getMessage());
            return CompletableFuture.failedFuture(warning);
        }
        if (handle.cancelled()) {
            String why = "Cancelled by " + handle.cancelledBy();
            tasks.end(handle.id(), Task.Status.CANCELLED, why);
            outcome.completeExceptionally(new CancellationException(why));
            return CompletableFuture.failedFuture(new VmWarning(why));
        }
        tasks.end(handle.id(), Task.Status.FAILED, Guard.message(error));
        return CompletableFuture.failedFuture(error);
    }

    /**
     * Asks a running task to stop, for {@code actor}: its starter may (with the role its action
     * needs), an administrator may cancel anyone's. Checked and audited; completes once the task's
     * cancel hooks ran, not when the task has ended.
     */
    public CompletionStage<Void> cancel(Actor actor, long id) {
        Task task = tasks.get(id).orElse(null);
        if (task == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("There is no task " + id));
        }
        boolean own = actor != null && actor.name().equals(task.user());
        String what = "cancel task " + id + " ('" + task.label() + "' on VM '" + task.vm().name() + "'"
                + (own ? "" : " of " + task.user()) + ")";
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("task", id);
        audited.put("action", task.action());
        return gatekeeper.perform(actor, cancelPermission(task, own), VmCommands.target(task.vm()), CANCEL, what, audited, () -> {
            Tasks.Handle handle = tasks.handle(id).orElse(null);
            if (handle == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("Task " + id + " has ended already"));
            }
            handle.cancel(actor.name());
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Whether this user may cancel the task: a hint for the UI; {@link #cancel} checks on the server. */
    public static boolean mayCancel(Task task, Actor actor) {
        return task.running() && actor != null && actor.may(cancelPermission(task, actor.name().equals(task.user())));
    }

    /** One's own task needs what its action needs; someone else's needs an administrator. */
    private static Permission cancelPermission(Task task, boolean own) {
        return own && !task.administrative() ? Permission.LIFECYCLE : Permission.DELETE;
    }

    /** A provider's cancel hook is its code: guarded like every call into a plugin. */
    private void runHook(String provider, Runnable hook) {
        try {
            hook.run();
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            providers.failedIn(provider, "a task's cancel hook", e);
        }
    }

    @Override
    public void close() {
        watch.dispose();
    }
}
