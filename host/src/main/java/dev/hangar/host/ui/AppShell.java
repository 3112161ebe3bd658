package dev.hangar.host.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;

/** The page shell: server push over websockets for live updates, and the Hangar theme. */
@Push
@Theme("hangar")
public class AppShell implements AppShellConfigurator {
}
