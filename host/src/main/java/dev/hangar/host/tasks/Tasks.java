package dev.hangar.host.tasks;

import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.plugins.vm.VmRef;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The host's task log: every running task and the last {@value #KEPT} finished ones, with a stream of
 * changes for the task list and the VM pages. Only bookkeeping: {@link TaskCommands} starts, checks
 * and audits tasks.
 */
public final class Tasks {
    /** How many finished tasks the list keeps; running ones are always kept. */
    static final int KEPT = 200;
    private static final Comparator<Task> LISTED = Comparator.comparing(Task::running).reversed()
            .thenComparing(task -> task.ended() == null ? task.started() : task.ended(), Comparator.reverseOrder())
            .thenComparing(Task::id, Comparator.reverseOrder());

    private final Clock clock;
    private final Object lock = new Object();
    private long lastId;
    /** In start order, so the oldest finished task is the first to go. */
    private final Map<Long, Task> tasks = new LinkedHashMap<>();
    private final Map<Long, Handle> handles = new HashMap<>();
    private final BehaviorSubject<List<Task>> changes = BehaviorSubject.createDefault(List.of());

    public Tasks(Clock clock) {
        this.clock = clock;
    }

    /** Running tasks first (newest first), then finished ones, last ended first. */
    public List<Task> list() {
        return changes.getValue();
    }

    /** Every change of {@link #list()}, starting with the current one. */
    public Observable<List<Task>> changes() {
        return changes.hide();
    }

    public Optional<Task> get(long id) {
        synchronized (lock) {
            return Optional.ofNullable(tasks.get(id));
        }
    }

    Clock clock() {
        return clock;
    }

    /** The time of the task log's clock: how long running tasks have run is measured to it. */
    public java.time.Instant now() {
        return clock.instant();
    }

    /**
     * Lists a new running task and returns its progress handle.
     *
     * @param hooks runs a provider's cancel hook (plugin code) with the host's guard
     */
    Handle begin(VmRef vm, String action, String label, boolean administrative, String user,
                 BiConsumer<String, Runnable> hooks) {
        synchronized (lock) {
            Task task = new Task(++lastId, vm, action, label, administrative, user, clock.instant(), null,
                    Task.Status.RUNNING, Double.NaN, null, null, null);
            Handle handle = new Handle(task.id(), vm.provider(), hooks);
            tasks.put(task.id(), task);
            handles.put(task.id(), handle);
            publish();
            return handle;
        }
    }

    /** Ends a running task; returns it as ended, or empty when it had ended already (abandoned). */
    Optional<Task> end(long id, Task.Status how, String message) {
        synchronized (lock) {
            Task task = tasks.get(id);
            if (task == null || !task.running()) {
                return Optional.empty();
            }
            Task ended = task.ended(clock.instant(), how, message);
            tasks.put(id, ended);
            handles.remove(id);
            forgetOld();
            publish();
            return Optional.of(ended);
        }
    }

    /** Ends the running tasks of providers that are no longer active: their stages will never complete. */
    void abandonAllBut(Set<String> activeProviders) {
        synchronized (lock) {
            for (Task task : List.copyOf(tasks.values())) {
                if (task.running() && !activeProviders.contains(task.vm().provider())) {
                    end(task.id(), Task.Status.FAILED, "Provider '" + task.vm().provider() + "' stopped while the task ran");
                }
            }
        }
    }

    /** The running task's handle, to cancel it; empty when it has ended. */
    Optional<Handle> handle(long id) {
        synchronized (lock) {
            return Optional.ofNullable(handles.get(id));
        }
    }

    private void update(long id, java.util.function.UnaryOperator<Task> change) {
        synchronized (lock) {
            Task task = tasks.get(id);
            if (task != null && task.running()) {
                tasks.put(id, change.apply(task));
                publish();
            }
        }
    }

    private void forgetOld() {
        long finished = tasks.values().stream().filter(task -> !task.running()).count();
        var oldest = tasks.values().iterator();
        while (finished > KEPT && oldest.hasNext()) {
            if (!oldest.next().running()) {
                oldest.remove();
                finished--;
            }
        }
    }

    private void publish() {
        List<Task> listed = new ArrayList<>(tasks.values());
        listed.sort(LISTED);
        changes.onNext(List.copyOf(listed));
    }

    /** The {@link TaskProgress} a task's body gets. */
    final class Handle implements TaskProgress {
        private final long id;
        private final String provider;
        private final BiConsumer<String, Runnable> hooks;
        private final List<Runnable> onCancel = new ArrayList<>();
        private volatile String cancelledBy;

        private Handle(long id, String provider, BiConsumer<String, Runnable> hooks) {
            this.id = id;
            this.provider = provider;
            this.hooks = hooks;
        }

        long id() {
            return id;
        }

        String cancelledBy() {
            return cancelledBy;
        }

        @Override
        public void report(double fraction, String text) {
            double clamped = Double.isNaN(fraction) ? Double.NaN : Math.max(0, Math.min(1, fraction));
            update(id, task -> task.progressed(clamped, text));
        }

        @Override
        public boolean cancelled() {
            return cancelledBy != null;
        }

        @Override
        public void onCancel(Runnable hook) {
            boolean now;
            synchronized (onCancel) {
                now = cancelled();
                if (!now) {
                    onCancel.add(hook);
                }
            }
            if (now) {
                hooks.accept(provider, hook);
            }
        }

        /** Marks the task cancelled by {@code user} and runs its hooks once. */
        void cancel(String user) {
            List<Runnable> toRun;
            synchronized (onCancel) {
                if (cancelled()) {
                    return;
                }
                cancelledBy = user;
                toRun = List.copyOf(onCancel);
                onCancel.clear();
            }
            update(id, task -> task.cancelling(user));
            toRun.forEach(hook -> hooks.accept(provider, hook));
        }
    }
}
