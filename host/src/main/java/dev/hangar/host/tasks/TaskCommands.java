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
import java.util.concurrent.CompletionStage;

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
        // Made only once the command passed its checks: a refused or unavailable action lists no task.
        Thunk<Void> thunk = (dispatcher, state) -> {
            Tasks.Handle handle = tasks.begin(ref, action.id(), action.label(),
                    action.role() == ProviderAction.Role.ADMINISTRATOR, actor.name(), this::runHook);
            Map<String, Object> audited = new LinkedHashMap<>();
            options.forEach((key, value) -> audited.put((String) key, value));
            audited.put("task", handle.id());
            audit.append(new AuditEntry(tasks.clock().instant(), actor.name(), actor.role().id(), actor.address(),
                    VmCommands.target(ref), action.id(), audited, STARTED, null));
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
        commands.run(actor, ref, action, options, thunk).whenComplete((done, error) -> {
            if (error == null) {
                outcome.complete(null);
            } else {
                outcome.completeExceptionally(error);  // a no-op when the task ended it already
            }
        });
        return outcome;
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
