package dev.hangar.plugins.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderActionTest {
    private static final Vm WEB = new Vm(new VmRef("p", "c", "web", "id"), VmStates.RUNNING, null, 1, 1, 1, null,
            false, true, List.of(), List.of());

    @Test
    void theDefaultsAreAnOperatorsHarmlessActionOnEveryVm() {
        ProviderAction action = ProviderAction.of("snapshot-all", "Snapshot all disks");
        assertEquals(ProviderAction.Role.OPERATOR, action.role());
        assertFalse(action.destructive());
        assertEquals("Snapshot all disks", action.progress());
        assertTrue(action.availableOn(WEB));

        ProviderAction wipe = action.withRole(ProviderAction.Role.ADMINISTRATOR).asDestructive().withProgress("Wiping")
                .when(vm -> VmStates.SHUT_OFF.equals(vm.state()));
        assertEquals(List.of("snapshot-all", "ADMINISTRATOR", "Wiping", "true", "false"),
                List.of(wipe.id(), wipe.role().name(), wipe.progress(), String.valueOf(wipe.destructive()),
                        String.valueOf(wipe.availableOn(WEB))));
    }

    @Test
    void anIdTheAuditCouldConfuseIsRefused() {
        assertEquals("action id 'shutdown' is the id of the host's verb Shut down",
                assertThrows(IllegalArgumentException.class, () -> ProviderAction.of("shutdown", "Shut down")).getMessage());
        assertEquals("action id 'delete' is the id of the host's verb Delete",
                assertThrows(IllegalArgumentException.class, () -> ProviderAction.of("delete", "Delete")).getMessage());
        for (String bad : new String[] {"Snap", "force_off", "snap all", "1snap", "", "snap\nall", "a".repeat(41)}) {
            assertThrows(IllegalArgumentException.class, () -> ProviderAction.of(bad, "Snap"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ProviderAction.of("snap", " "));
    }
}
