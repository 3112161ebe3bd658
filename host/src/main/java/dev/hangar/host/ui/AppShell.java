package dev.hangar.host.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.shared.ui.Transport;
import com.vaadin.flow.theme.Theme;

/**
 * The page shell: server push over websockets for live updates, and the Hangar theme. Requests from
 * the browser go over XHR rather than the websocket, so that sign-in can change the session id (a
 * websocket message has no HTTP response to carry the new cookie). The icon is served from
 * {@code webapp/favicon.ico}, at the address browsers ask for by default.
 */
@Push(transport = Transport.WEBSOCKET_XHR)
@Theme("hangar")
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addFavIcon("icon", "favicon.ico", "32x32");
    }
}
