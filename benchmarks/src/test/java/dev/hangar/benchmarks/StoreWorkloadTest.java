package dev.hangar.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.pcollections.PMap;

/** The benchmark measures what it claims: every action really changes one VM of a full branch. */
class StoreWorkloadTest {

    private static VmsState branch(StoreWorkload workload) {
        return workload.store().getState().get(VmsState.BRANCH, VmsState.class);
    }

    @Test
    void theBranchStartsWithEveryVmAndAUsageSampleOfEach() {
        try (StoreWorkload workload = new StoreWorkload(1_000)) {
            assertEquals(1_000, branch(workload).vms().size());
            assertEquals(1_000, branch(workload).usage().size());
            assertEquals(StoreWorkload.newVm(999), branch(workload).vms().get(workload.current(999).ref()));
        }
    }

    /**
     * Runs one step of the workload and checks that its result is now VM {@code changed}'s entry in
     * {@code part} of the branch, while VM {@code kept}'s entry is the same instance as before.
     */
    private static <T> T step(StoreWorkload workload, Supplier<T> step, Function<VmsState, PMap<VmRef, ?>> part,
                              int changed, int kept) {
        PMap<VmRef, ?> before = part.apply(branch(workload));
        T result = step.get();
        PMap<VmRef, ?> after = part.apply(branch(workload));
        assertSame(result, after.get(workload.current(changed).ref()));
        assertSame(before.get(workload.current(kept).ref()), after.get(workload.current(kept).ref()));
        return result;
    }

    @Test
    void eachUpdateChangesTheNextVmAndSharesTheOthers() {
        try (StoreWorkload workload = new StoreWorkload(3)) {
            VmsState before = branch(workload);
            Vm first = step(workload, workload::updateOne, VmsState::vms, 0, 1);
            assertNotEquals(before.vms().get(first.ref()).state(), first.state());
            assertSame(before.usage(), branch(workload).usage());

            step(workload, workload::updateOne, VmsState::vms, 1, 0);
            step(workload, workload::updateOne, VmsState::vms, 2, 0);
            // Round the VMs and back to the first, which flips back.
            Vm again = step(workload, workload::updateOne, VmsState::vms, 0, 2);
            assertEquals(first.ref(), again.ref());
            assertEquals(before.vms().get(first.ref()).state(), again.state());
        }
    }

    @Test
    void eachSampleReplacesTheUsageOfTheNextVm() {
        try (StoreWorkload workload = new StoreWorkload(2)) {
            VmsState before = branch(workload);
            step(workload, workload::sampleOne, VmsState::usage, 0, 1);
            assertSame(before.vms(), branch(workload).vms());
        }
    }

    @Test
    void anEmptyWorkloadIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StoreWorkload(0));
        assertEquals("the workload needs at least one VM, was 0", e.getMessage());
    }
}
