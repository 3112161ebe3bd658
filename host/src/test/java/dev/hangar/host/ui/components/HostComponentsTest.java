package dev.hangar.host.ui.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hangar.plugins.vm.VmStateInfo;
import org.junit.jupiter.api.Test;

class HostComponentsTest {

    private static VmStateInfo colored(String color) {
        return new VmStateInfo("Migrating", color, "exchange");
    }

    @Test
    void lumoRolesBecomeTheBadgesThemeAndNoStyle() {
        assertEquals("badge success", HostComponents.badgeTheme(colored("success")));
        assertNull(HostComponents.customColor(colored("success")));
        assertEquals("badge", HostComponents.badgeTheme(colored("#8a2be2")));
    }

    @Test
    void plainColoursPass() {
        for (String color : new String[] {"teal", "#0af", "#00aaff80", "rgb(10, 20, 30)", "hsl(120 50% 40% / 0.5)",
                "var(--lumo-error-color)"}) {
            assertEquals(color, HostComponents.customColor(colored(color)), color);
        }
    }

    @Test
    void anythingThatIsMoreThanAColourIsIgnored() {
        // These would end up in a style attribute of the list's rows.
        for (String color : new String[] {"red; background: url(//example.com/x)", "url(x)", "red\" onmouseover=\"x",
                "expression(alert(1))", "", "rgb(1,2,3);color:red"}) {
            assertNull(HostComponents.customColor(colored(color)), color);
        }
    }
}
