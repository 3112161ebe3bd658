package dev.hangar.plugins.testkit;

import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.store.StateTree;
import dev.hangar.store.Thunk;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the host gives a provider's tab, disk column or disk action, without a UI: state read from the
 * test's store, {@code onUi} rendering on the dispatching thread, and the command path as a record of
 * what ran, its thunks run on the provider's lane. The user is an operator unless
 * {@link TestProviderContext#vmContext(Vm, User)} says otherwise; a run the role does not allow, or on a VM (as it is now) that the action is not
 * available on, fails as the host's does, without running the thunk.
 */
public final class TestVmContext implements VmContext {
    /** A provider action a component ran, and what it asked the audit to show. */
    public record Run(ProviderAction action, Map<String, ?> options) {
    }

    /** The signed-in user's role, as the host's roles go. */
    public enum User {
        /** Reads everything, runs nothing. */
        VIEWER,
        /** Runs the actions of role {@link ProviderAction.Role#OPERATOR}. */
        OPERATOR,
        /** Runs every action. */
        ADMINISTRATOR
    }

    private final Vm vm;
    private final ProviderStore lane;
    private final User user;
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final List<TestTaskProgress> tasks = new CopyOnWriteArrayList<>();
    private final CompositeDisposable views = new CompositeDisposable();

    TestVmContext(Vm vm, ProviderStore lane, User user) {
        this.vm = vm;
        this.lane = lane;
        this.user = user;
    }

    @Override
    public Vm vm() {
        return vm;
    }

    @Override
    public StateTree getState() {
        return lane.getState();
    }

    @Override
    public Observable<StateTree> states() {
        return lane.states();
    }

    @Override
    public <T> void onUi(Observable<T> source, Consumer<T> render) {
        views.add(source.subscribe(render::accept));
    }

    @Override
    public boolean may(ProviderAction action) {
        return switch (user) {
            case VIEWER -> false;
            case OPERATOR -> action.role() == ProviderAction.Role.OPERATOR;
            case ADMINISTRATOR -> true;
        };
    }

    @Override
    public CompletionStage<Void> run(ProviderAction action, Map<String, ?> options, Thunk<Void> thunk) {
        IllegalStateException refused = record(action, options);
        return refused != null ? CompletableFuture.failedFuture(refused) : lane.dispatch(thunk);
    }

    /**
     * Runs the task's body on the lane with a {@link TestTaskProgress} of its own (see {@link #tasks()}),
     * after the same checks as {@link #run}; it completes with the body's result text.
     */
    @Override
    public CompletionStage<String> runTask(ProviderAction action, Map<String, ?> options, TaskBody body) {
        IllegalStateException refused = record(action, options);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        TestTaskProgress progress = new TestTaskProgress();
        tasks.add(progress);
        return lane.dispatch(body.start(progress));
    }

    /** Records the run; the reason the host would refuse it, or null. */
    private IllegalStateException record(ProviderAction action, Map<String, ?> options) {
        runs.add(new Run(action, Map.copyOf(options)));
        if (!may(action)) {
            return new IllegalStateException("Your role does not allow " + action.label());
        }
        if (!action.availableOn(VmsView.of(lane.getState()).vm(vm.ref()).orElse(vm))) {
            return new IllegalStateException(action.label() + " is not possible now");
        }
        return null;
    }

    /** The progress handles of the tasks that started, in order: their reports, and cancel(). */
    public List<TestTaskProgress> tasks() {
        return List.copyOf(tasks);
    }

    /** Every run and task the components asked for, allowed or not, in order. */
    public List<Run> runs() {
        return List.copyOf(runs);
    }

    /** Ends every {@code onUi} subscription, as closing the VM's view does. */
    public void closeView() {
        views.clear();
    }
}
