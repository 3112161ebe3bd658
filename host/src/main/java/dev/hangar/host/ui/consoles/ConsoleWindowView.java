package dev.hangar.host.ui.consoles;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.security.Access;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.components.Snapshot;
import dev.hangar.host.ui.nav.Paths;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.vm.Vm;

/**
 * A VM's console alone, for a window of its own ("Open in a new window"): the VM's name, a link to
 * its page and the {@link ConsoleArea}, filling the window. Behind sign-in like every route; the area
 * checks the role as on the VM's page.
 */
@Route(value = VmAddress.CONSOLE_ROUTE)
public class ConsoleWindowView extends Div implements BeforeEnterObserver, HasDynamicTitle {
    private final Span title = new Span();
    private final Anchor page = Paths.link("VM page", "");
    private final Div missing = new Div();
    private final ConsoleArea area;
    private VmAddress address;
    private Snapshot current;

    public ConsoleWindowView(Hangar hangar, Access access) {
        area = new ConsoleArea(hangar.providers(), hangar.consoleGate(), hangar.security().gatekeeper(), access, true);
        addClassName("console-window-view");
        title.addClassName("console-window-title");
        page.addClassName("console-window-page");
        missing.addClassName("console-window-missing");
        missing.setVisible(false);
        Div header = new Div(title, page);
        header.addClassName("console-window-header");
        add(header, missing, area);
        Live.bind(this, Snapshot.of(hangar.store(), hangar.providers()), this::render);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        address = VmAddress.from(event.getRouteParameters()).orElse(null);
        title.setText(address == null ? "Unknown address" : address.name());
        page.setHref(address == null ? Paths.VMS : address.path());
        if (current != null) {
            render(current);
        }
    }

    @Override
    public String getPageTitle() {
        return "Console of " + (address == null ? "a VM" : address.name()) + " — Hangar";
    }

    private void render(Snapshot next) {
        current = next;
        Vm vm = address == null ? null
                : next.vms().find(address.provider(), address.connection(), address.name()).orElse(null);
        missing.setVisible(vm == null);
        if (vm == null) {
            missing.setText(address == null ? "This is not the address of a VM." : "There is no VM named "
                    + address.name() + " on connection " + address.connection() + " of provider " + address.provider() + ".");
            area.setVisible(false);
            return;
        }
        ActiveProvider provider = next.providers().get(address.provider());
        area.show(vm, provider, provider != null && provider.provider().isRunning(vm.state()));
        if (!area.isVisible()) {
            missing.setText("The provider of VM " + vm.name() + " offers no consoles.");
            missing.setVisible(true);
        }
    }
}
