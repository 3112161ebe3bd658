package dev.hangar.plugins.ui;

import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.store.StateSource;
import dev.hangar.store.Thunk;
import io.reactivex.rxjava3.core.Observable;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What a provider's tab, disk column or disk action is given about the VM it shows, from the host:
 * the state to read (never to write: {@link StateSource}'s {@code getState()}, {@code states()} and
 * {@code select(…)}, as on the store) and the host's command path to act through. A component never
 * dispatches onto the store: it {@link #run}s one of its provider's {@link ProviderAction}s, which
 * the host checks against the signed-in user's role, marks on the VM and audits.
 */
public interface VmContext extends StateSource {

    /** The VM as it was when the component was made. */
    Vm vm();

    /**
     * Runs {@code render} on the UI thread with every value of {@code source} while the VM's view is
     * open, and stops when it closes. Use it to keep a component up to date with the state, e.g.
     * {@code ctx.onUi(ctx.select(s -> s.find("mine", Mine.class)), this::show)}.
     */
    <T> void onUi(Observable<T> source, Consumer<T> render);

    /**
     * Whether the signed-in user's role allows the action: show or enable a control by it. Only a
     * hint for the UI; {@link #run} checks again on the server, whatever the component shows.
     */
    boolean may(ProviderAction action);

    /**
     * Runs the provider's {@code thunk} as {@code action} on this VM through the host's command path,
     * as the signed-in user: refused (and audited) unless their role allows it and the action is
     * available on the VM as it is now; otherwise the VM shows {@link ProviderAction#progress()} while
     * the thunk runs, the thunk's failure stays on the VM until its next success, and the audit log
     * records the outcome with the action's id and {@code options}. Call it on the UI thread (from a
     * click listener); the stage completes on another thread, so update components through
     * {@code UI.access}.
     *
     * @param options what the audit should show about this run (e.g. the disk it acts on): strings,
     *                numbers, booleans and lists of them, no nulls
     * @return completes when the thunk's stage does; fails with the message for people (refused,
     *         not available, or the thunk's own failure)
     */
    CompletionStage<Void> run(ProviderAction action, Map<String, ?> options, Thunk<Void> thunk);

    /** {@link #run(ProviderAction, Map, Thunk)} with nothing more to audit than the action and the VM. */
    default CompletionStage<Void> run(ProviderAction action, Thunk<Void> thunk) {
        return run(action, Map.of(), thunk);
    }

    /**
     * Runs a long action as a task: checked, marked on the VM and audited (when it starts and when it
     * ends) as {@link #run} does, and listed with its progress, its user and a cancel button in the
     * host's task list and on the VM's page while it runs and after. Call it on the UI thread.
     *
     * @param options as for {@link #run}
     * @param body    the work, given the task's {@link dev.hangar.plugins.task.TaskProgress}
     * @return completes with the task's result text when it ends; fails with the message for people
     *         when it is refused or fails, and with a {@link java.util.concurrent.CancellationException}
     *         when someone cancelled it
     */
    CompletionStage<String> runTask(ProviderAction action, Map<String, ?> options, TaskBody body);
}
