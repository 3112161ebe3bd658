package dev.hangar.host.ui.consoles;

import java.util.ArrayList;
import java.util.List;

/** A key combination of the Send key menu: what it is called and what the VNC element sends. */
public record KeyCombo(String label, String combo) {
    public static final KeyCombo CTRL_ALT_DEL = new KeyCombo("Ctrl+Alt+Del", "ctrl+alt+del");

    /** The menu's combinations: those a browser or the desktop would take for itself. */
    public static List<KeyCombo> menu() {
        List<KeyCombo> all = new ArrayList<>(List.of(CTRL_ALT_DEL,
                new KeyCombo("Ctrl+Alt+Backspace", "ctrl+alt+backspace")));
        for (int f = 1; f <= 8; f++) {
            all.add(new KeyCombo("Ctrl+Alt+F" + f, "ctrl+alt+f" + f));
        }
        all.add(new KeyCombo("PrintScreen", "printscreen"));
        all.add(new KeyCombo("Alt+Tab", "alt+tab"));
        all.add(new KeyCombo("Alt+F4", "alt+f4"));
        all.add(new KeyCombo("Escape", "escape"));
        return List.copyOf(all);
    }
}
