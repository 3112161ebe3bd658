package dev.hangar.plugins.vm;

import java.util.Objects;

/**
 * How a state is shown: its label, a colour role and an icon.
 *
 * @param label words for people ("Shut off")
 * @param color one of {@code success}, {@code error}, {@code warning}, {@code contrast}, {@code primary}
 *              (Lumo badge roles), or a plain CSS colour (a name, {@code #rgb}/{@code #rrggbb},
 *              {@code rgb(…)}/{@code hsl(…)} of numbers, {@code var(--lumo-…)}); the host ignores
 *              anything else
 * @param icon  a Vaadin icon name in lower case ({@code play}, {@code pause}, {@code power-off}); null for none
 */
public record VmStateInfo(String label, String color, String icon) {
    public VmStateInfo {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(color, "color");
    }
}
