package dev.hangar.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hangar.plugins.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmUsage;
import org.junit.jupiter.api.Test;

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

    @Test
    void eachUpdateChangesTheNextVmAndSharesTheOthers() {
        try (StoreWorkload workload = new StoreWorkload(3)) {
            VmsState before = branch(workload);
            Vm first = workload.updateOne();
            VmsState after = branch(workload);
            assertNotEquals(before.vms().get(first.ref()).state(), first.state());
            assertSame(first, after.vms().get(first.ref()));
            assertSame(before.vms().get(workload.current(1).ref()), after.vms().get(workload.current(1).ref()));
            assertSame(before.usage(), after.usage());

            workload.updateOne();
            workload.updateOne();
            // Round the VMs and back to the first, which flips back.
            Vm again = workload.updateOne();
            assertEquals(first.ref(), again.ref());
            assertEquals(before.vms().get(first.ref()).state(), again.state());
        }
    }

    @Test
    void eachSampleReplacesTheUsageOfTheNextVm() {
        try (StoreWorkload workload = new StoreWorkload(2)) {
            VmsState before = branch(workload);
            VmUsage sample = workload.sampleOne();
            VmsState after = branch(workload);
            assertSame(sample, after.usage().get(workload.current(0).ref()));
            assertSame(before.vms(), after.vms());
            assertSame(before.usage().get(workload.current(1).ref()), after.usage().get(workload.current(1).ref()));
        }
    }

    @Test
    void anEmptyWorkloadIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StoreWorkload(0));
        assertEquals("the workload needs at least one VM, was 0", e.getMessage());
    }
}
