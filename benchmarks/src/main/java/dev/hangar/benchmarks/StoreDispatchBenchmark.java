package dev.hangar.benchmarks;

import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmUsage;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dispatch throughput of the store with {@code vms} VMs in the {@code vms} branch, one VM changed
 * per action, through the real {@code VmsReducer}, the middleware of {@code DefaultStore.create()}
 * (only the thunk link, which passes actions on; the action log is the host's since issue 12) and,
 * when {@code subscriber} says so, one subscriber on {@code states()} or on {@code select()} of the
 * branch. Single-threaded, as the Redux run it is compared with.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 20, time = 1)
@Measurement(iterations = 5, time = 2)
public class StoreDispatchBenchmark {

    @Param("10000")
    private int vms;

    @Param({"none", "states", "select"})
    private String subscriber;

    private StoreWorkload workload;
    private Disposable subscription;
    private long seen;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new StoreWorkload(vms);
        if ("states".equals(subscriber)) {
            subscription = workload.store().states().subscribe(state -> seen++);
        } else if ("select".equals(subscriber)) {
            subscription = workload.store().select(state -> state.get(VmsState.BRANCH, VmsState.class))
                    .subscribe(branch -> seen++);
        } else if ("none".equals(subscriber)) {
            subscription = Disposable.empty();
        } else {
            throw new IllegalArgumentException("subscriber must be none, states or select, was '" + subscriber + "'");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subscription.dispose();
        workload.close();
        // A subscriber that saw nothing would mean the figure measured a store that never emitted.
        if (!"none".equals(subscriber) && seen < 2) {
            throw new IllegalStateException("the " + subscriber + " subscriber saw " + seen + " states");
        }
    }

    @Benchmark
    public Vm vmUpdated() {
        return workload.updateOne();
    }

    @Benchmark
    public VmUsage usageSampled() {
        return workload.sampleOne();
    }
}
