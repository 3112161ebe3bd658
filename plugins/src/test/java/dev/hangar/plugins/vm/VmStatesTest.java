package dev.hangar.plugins.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VmStatesTest {

    @Test
    void everyLibvirtStateIsBuiltIn() {
        assertEquals(Set.of("running", "idle", "paused", "shutdown", "shut off", "crashed", "dying",
                "pmsuspended", "blocked", "unknown"), VmStates.builtIn().keySet());
        assertEquals(new VmStateInfo("Shut off", "contrast", "power-off"), VmStates.builtIn().get(VmStates.SHUT_OFF));
    }

    @Test
    void aProvidersStatesAreMergedOverTheBuiltInOnes() {
        VmStateInfo migrating = new VmStateInfo("Migrating", "primary", "exchange");
        VmStateInfo down = new VmStateInfo("Down", "error", "power-off");

        Map<String, VmStateInfo> merged = VmStates.merge(Map.of("migrating", migrating, VmStates.SHUT_OFF, down));

        assertEquals(VmStates.builtIn().size() + 1, merged.size());
        assertEquals(migrating, merged.get("migrating"));
        assertEquals(down, merged.get(VmStates.SHUT_OFF));
        assertEquals(VmStates.builtIn().get(VmStates.RUNNING), merged.get(VmStates.RUNNING));
        assertThrows(UnsupportedOperationException.class, () -> merged.put("x", down));
    }

    @Test
    void mergingNothingGivesTheBuiltInStates() {
        assertEquals(VmStates.builtIn(), VmStates.merge(Map.of()));
    }

    @Test
    void anUndeclaredStateIsShownUnderItsOwnName() {
        assertEquals(new VmStateInfo("hibernating", "contrast", "question"),
                VmStates.info(VmStates.builtIn(), "hibernating"));
        assertEquals(VmStates.builtIn().get(VmStates.PAUSED), VmStates.info(VmStates.builtIn(), VmStates.PAUSED));
    }
}
