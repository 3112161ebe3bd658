package dev.hangar.plugins.ui;

import com.vaadin.flow.component.Component;
import java.util.Objects;
import java.util.function.Function;

/**
 * A subtab of a VM's details (the seed's {@code vmTabRenderers} entry). The factory runs on the UI
 * thread when the tab is opened; if it throws, the tab shows the error and the rest of the page works.
 *
 * @param name    the tab's title
 * @param factory makes the tab's content for one VM
 */
public record VmTab(String name, Function<VmContext, Component> factory) {
    public VmTab {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
    }
}
