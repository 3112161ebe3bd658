package dev.hangar.host.ui.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Permission;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The one rule of what a VM's actions are, in plain Java: no UI, no session. */
class VmMenuTest {
    private final TestProvider provider = new TestProvider("test");

    @Test
    void aRunningVmOffersShutDownAndTheRestInTheMenusOrder() {
        VmMenu menu = VmMenu.of(provider, VmStates.RUNNING, permission -> true);
        assertEquals(VmVerb.SHUTDOWN, menu.primary());
        assertEquals(List.of(VmVerb.PAUSE, VmVerb.REBOOT, VmVerb.FORCE_REBOOT, VmVerb.FORCE_OFF, VmVerb.SEND_NMI,
                VmVerb.DELETE), menu.menu());
        List<VmMenu.Item> items = menu.items();
        assertEquals(new VmMenu.Item(VmVerb.PAUSE, "Pause", "vm-action-pause", false, false), items.get(0));
        assertEquals(new VmMenu.Item(VmVerb.FORCE_REBOOT, "Force reboot…", "vm-action-force-reboot", true, false),
                items.get(2));
        assertEquals(new VmMenu.Item(VmVerb.DELETE, "Delete…", "vm-action-delete", true, true), items.get(5),
                "delete is set apart and asks first");
    }

    @Test
    void aStoppedVmOffersRunAndDeleteWithoutASeparatorWhenItIsAlone() {
        VmMenu menu = VmMenu.of(provider, VmStates.SHUT_OFF, permission -> true);
        assertEquals(VmVerb.START, menu.primary());
        assertEquals(List.of(new VmMenu.Item(VmVerb.DELETE, "Delete…", "vm-action-delete", true, false)), menu.items());
    }

    @Test
    void onlyWhatTheRoleAllowsAndNothingWithoutAProvider() {
        VmMenu operator = VmMenu.of(provider, VmStates.RUNNING, permission -> permission != Permission.DELETE);
        assertFalse(operator.menu().contains(VmVerb.DELETE));
        assertEquals(VmVerb.SHUTDOWN, operator.primary());
        assertEquals(VmMenu.NONE, VmMenu.of(provider, VmStates.RUNNING, permission -> false), "viewers only look");
        assertEquals(VmMenu.NONE, VmMenu.of(null, VmStates.RUNNING, permission -> true));
        VmMenu migrating = VmMenu.of(provider, TestProvider.MIGRATING, permission -> true);
        assertNull(migrating.primary(), "the provider allows nothing while migrating");
        assertTrue(migrating.menu().isEmpty());
    }

    @Test
    void classNamesAreTheSameInEveryLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertEquals("vm-action-send-nmi", VmMenu.className(VmVerb.SEND_NMI));
            assertEquals("vm-action-force-reboot", VmMenu.className(VmVerb.FORCE_REBOOT));
        } finally {
            Locale.setDefault(before);
        }
    }
}
