package dev.hangar.host.ui.vmdetails;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.component.html.Anchor;
import dev.hangar.host.Hangar;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.security.Access;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.actions.VmActionBar;
import dev.hangar.host.ui.actions.VmActionRunner;
import dev.hangar.host.ui.components.Banner;
import dev.hangar.host.ui.components.Banners;
import dev.hangar.host.ui.components.ErrorNote;
import dev.hangar.host.ui.components.Guarded;
import dev.hangar.host.ui.components.HostVmContext;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.components.Snapshot;
import dev.hangar.host.ui.configure.SettingsPanel;
import dev.hangar.host.ui.consoles.ConsoleArea;
import dev.hangar.host.ui.devices.DevicesTab;
import dev.hangar.host.ui.disks.DisksTab;
import dev.hangar.host.ui.nics.NicsTab;
import dev.hangar.host.ui.snapshots.SnapshotsTab;
import dev.hangar.host.ui.tasks.VmTasks;
import dev.hangar.host.ui.usage.UsageTab;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.nav.Paths;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmRef;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One VM: a header with its name, state and actions; then, side by side, its usage and overview (with
 * its host) on the left and its console on the right (when its provider has consoles); then subtabs
 * (Disks, Network interfaces, Devices, and every tab its provider contributes). Bookmarkable at
 * {@link VmAddress}, the subtab too ({@code ?tab=nics}). Renders only from the store; a VM that
 * vanishes while the page is open stays shown as last seen, marked as gone.
 */
@Route(value = VmAddress.ROUTE, layout = MainLayout.class)
public class VmDetailsView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    /** The query parameter that names the selected subtab. */
    public static final String TAB = "tab";
    /** The subtab shown when the address names none (or one the page does not have). */
    static final String DEFAULT_TAB = "disks";
    private final Hangar hangar;
    private final Access access;
    private final H2 title = new H2();
    private final Div state = new Div();
    /** Why the VM is in its state, as its provider says ("destroyed"), beside the badge; text only. */
    private final Span stateReason = new Span();
    private final Div actions = new Div();
    private final Div banners = new Div();
    /** The last failure, below the header: a long message wraps there instead of pushing the actions. */
    private final Div failure = new Div();
    private final TabSheet tabs = new TabSheet();
    /** Each subtab's name in the address. */
    private final Map<Tab, String> tabNames = new LinkedHashMap<>();
    /** Overview and usage beside the console: the part of the page an operator works in. */
    private final Div top = new Div();
    private final ConsoleArea console;
    private final OverviewTab overview = new OverviewTab();
    private final HostCard host;
    private final SettingsPanel settings;
    private final VmTasks vmTasks;
    private final UsageTab usage;
    private final DisksTab disks;
    private final NicsTab nics;
    private final DevicesTab devices = new DevicesTab();
    private final SnapshotsTab snapshots;
    private Tab snapshotsLabel;
    private final List<Tab> providerTabs = new ArrayList<>();
    private final VmActionRunner runner;
    private VmAddress address;
    private Snapshot current = new Snapshot(VmsState.EMPTY, Map.of());
    private Vm vm;
    private boolean gone;
    /** The provider whose contributions the page shows; replaced when that provider is unloaded or reloaded. */
    private ActiveProvider contributor;
    private CompositeDisposable contributions = new CompositeDisposable();
    private Map<VmRef, Vm> searched;
    private Object headerShown;
    /** The subtab the address asks for; a provider's is selected once its tabs are made. */
    private String wantedTab = DEFAULT_TAB;
    /** The page itself selects a subtab (from the address, or as tabs come and go): the address stays. */
    private boolean selecting;

    public VmDetailsView(Hangar hangar, Access access) {
        this.hangar = hangar;
        this.access = access;
        host = new HostCard(hangar.providers());
        console = new ConsoleArea(hangar.providers(), hangar.consoleGate(), hangar.security().gatekeeper(), access, false);
        vmTasks = new VmTasks(hangar.tasks(), access);
        usage = new UsageTab(hangar.usageHistories());
        disks = new DisksTab(hangar.pluginService(), hangar.configuration(), access);
        nics = new NicsTab(hangar.configuration(), hangar.providers(), access);
        snapshots = new SnapshotsTab(hangar.snapshots(), access);
        // New settings change what the menu offers (Rename, Clone): the header is made again.
        settings = new SettingsPanel(hangar.configuration(), hangar.tasks(), access, () -> render(current));
        addClassName("vm-details");
        setSizeFull();
        runner = new VmActionRunner(hangar.commands(), access,
                ref -> current.providers().containsKey(ref.provider()) ? current.providers().get(ref.provider()).provider() : null,
                ref -> UI.getCurrent().navigate(Paths.VMS));

        Anchor back = Paths.link("Virtual machines", Paths.VMS);
        back.addClassName("back-link");
        title.addClassName("vm-title");
        state.addClassName("vm-header-state");
        stateReason.addClassName("vm-state-reason");
        stateReason.setVisible(false);
        actions.addClassName("vm-header-actions");
        HorizontalLayout header = new HorizontalLayout(title, state, stateReason, actions);
        header.addClassName("vm-header");
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setWrap(true);
        header.setWidthFull();
        banners.addClassName("banners");
        failure.addClassName("vm-failure");
        failure.setVisible(false);

        H3 overviewTitle = new H3("Overview");
        Div overviewCard = new Div(overviewTitle, overview, settings, host);
        overviewCard.addClassName("vm-overview");
        H3 usageTitle = new H3("Usage");
        Span usageWindow = new Span("(" + UsageTab.window() + ")");
        usageWindow.addClassName("vm-usage-window");
        usageTitle.add(usageWindow);
        Div usageCard = new Div(usageTitle, usage);
        usageCard.addClassName("vm-usage");
        // Usage first: its bars are short, and the overview's long list then still starts in the first screen.
        Div summary = new Div(usageCard, overviewCard);
        summary.addClassName("vm-summary");
        top.addClassName("vm-top");
        top.add(summary, console);
        top.setVisible(false);

        tabs.addClassName("vm-tabs");
        tabs.setWidthFull();
        selecting = true;
        addTab("Disks", DEFAULT_TAB, disks);
        addTab("Network interfaces", "nics", nics);
        addTab("Devices", "devices", devices);
        snapshotsLabel = addTab("Snapshots", "snapshots", snapshots);
        snapshotsLabel.setVisible(false);
        selecting = false;
        tabs.addSelectedChangeListener(e -> {
            buildSelectedProviderTab();
            if (!selecting) {
                putTabInAddress();
            }
        });
        tabs.setVisible(false);
        add(back, header, failure, banners, vmTasks, top, tabs);
        Live.bind(this, Snapshot.of(hangar.store(), hangar.providers()), this::render);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        VmAddress next = VmAddress.from(event.getRouteParameters()).orElse(null);
        wantedTab = event.getLocation().getQueryParameters().getSingleParameter(TAB).orElse(DEFAULT_TAB);
        if (next != null && next.equals(address) && vm != null) {
            // Only the subtab changed (a click on one puts it into the address): the VM stays.
            selectWantedTab();
            return;
        }
        address = next;
        selectWantedTab();
        title.setText(address == null ? "Unknown address" : address.name());
        // Vaadin reuses this view when one VM's page leads to another's: forget the previous VM.
        vm = null;
        gone = false;
        searched = null;
        headerShown = null;
        usage.clear();
        failure.removeAll();
        failure.setVisible(false);
        dropContributions();
        if (isAttached()) {
            render(current);
        }
    }

    @Override
    public String getPageTitle() {
        return (address == null ? "VM" : address.name()) + " — Hangar";
    }

    @Override
    protected void onDetach(DetachEvent event) {
        dropContributions();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // Contributions were dropped on detach: make them again for the next render.
        contributor = null;
    }

    private void render(Snapshot next) {
        current = next;
        if (address == null) {
            showBanners(new Banner(Banner.Kind.ERROR, "This is not the address of a VM."));
            return;
        }
        Vm found = locate(next.vms());
        if (found != null) {
            vm = found;
            gone = false;
        } else if (vm != null) {
            gone = true;
        }
        if (vm == null) {
            showBanners(new Banner(Banner.Kind.ERROR, "There is no VM named " + address.name() + " on connection "
                    + address.connection() + " of provider " + address.provider() + "."));
            tabs.setVisible(false);
            top.setVisible(false);
            return;
        }
        tabs.setVisible(true);
        top.setVisible(true);
        renderHeader(next);
        ActiveProvider provider = gone ? null : next.providers().get(address.provider());
        if (provider != contributor) {
            contribute(provider);
        }
        overview.show(vm, HostComponents.badge(HostComponents.stateInfo(next.providers(), vm)),
                next.vms().connection(address.provider(), address.connection()).orElse(null));
        settings.show(vm, provider == null ? null : provider.provider(), name -> next.vms()
                .find(address.provider(), address.connection(), name).isPresent());
        host.show(provider, address.connection());
        vmTasks.show(vm.ref());
        usage.show(vm, gone ? null : next.vms().usage().get(vm.ref()), !gone && running(provider));
        console.show(vm, provider, !gone && running(provider));
        top.getElement().getClassList().set("with-console", console.isVisible());
        disks.show(vm);
        nics.show(vm);
        devices.show(vm);
        // Only for a provider with snapshots; the subtab stays in place (and in the address) while hidden.
        boolean offered = !gone && provider != null && snapshots.offered(vm);
        snapshotsLabel.setVisible(offered);
        snapshots.show(offered ? vm : null, !gone && running(provider));
    }

    /** The VM at the address: by its ref once known, by name again when the ref is gone (redefined). */
    private Vm locate(VmsState state) {
        Vm found = vm == null ? null : state.vms().get(vm.ref());
        if (found == null && searched != state.vms()) {
            searched = state.vms();
            found = state.find(address.provider(), address.connection(), address.name()).orElse(null);
        }
        return found;
    }

    private void renderHeader(Snapshot next) {
        VmOperation pending = gone ? null : next.vms().pending().get(vm.ref());
        VmError error = gone ? null : next.vms().errors().get(vm.ref());
        ActiveProvider provider = gone ? null : next.providers().get(address.provider());
        List<Object> key = java.util.Arrays.asList(vm, pending, error, provider, gone,
                next.vms().connections(), next.vms().providers(), settings.settings());
        if (key.equals(headerShown)) {
            return;
        }
        headerShown = key;
        state.removeAll();
        state.add(HostComponents.badge(HostComponents.stateInfo(next.providers(), vm)));
        boolean reason = vm.stateReason() != null && !vm.stateReason().isBlank();
        stateReason.setText(reason ? "(" + vm.stateReason() + ")" : "");
        stateReason.setVisible(reason);
        failure.removeAll();
        if (error != null) {
            VmRef ref = vm.ref();
            failure.add(ErrorNote.of(error, VmActionRunner.mayDismiss(access, error) ? () -> runner.dismiss(ref, error) : null));
        }
        failure.setVisible(error != null);
        actions.removeAll();
        if (!gone) {
            actions.add(new VmActionBar(vm, provider == null ? null : provider.provider(), pending, runner,
                    settings.menuEntries()));
        }
        List<Component> shown = new ArrayList<>();
        if (gone) {
            shown.add(new Banner(Banner.Kind.WARNING, "VM " + vm.name() + " no longer exists: it was deleted or "
                    + "removed from its host, or its provider was unloaded. This page shows it as it was last seen."));
        }
        shown.addAll(Banners.connections(next.vms(), c -> c.provider().equals(address.provider())
                && c.connection().equals(address.connection())));
        showBanners(shown.toArray(Component[]::new));
    }

    private void showBanners(Component... shown) {
        banners.removeAll();
        banners.add(shown);
        banners.setVisible(shown.length > 0);
    }

    private boolean running(ActiveProvider provider) {
        return provider != null && provider.provider().isRunning(vm.state());
    }

    /** Replaces the page's provider tabs, disk columns and disk actions with those of {@code provider}. */
    private void contribute(ActiveProvider provider) {
        dropContributions();
        contributor = provider;
        contributions = new CompositeDisposable();
        CompositeDisposable owned = contributions;
        UI ui = UI.getCurrent();
        disks.contribute(provider, () -> new HostVmContext(vm, provider.provider(), hangar.commands(), hangar.tasks(), access, ui, owned));
        if (provider == null) {
            return;
        }
        List<VmTab> contributed = Guarded.list(hangar.pluginService(), provider.name(), "tabs of provider " + provider.name(),
                () -> provider.provider().vmTabs(), failure -> addProviderTab("Provider " + provider.name(), failure));
        for (VmTab tab : contributed) {
            addProviderTab(tab.name(), new ProviderTab(hangar.pluginService(), provider.name(), tab,
                    () -> new HostVmContext(vm, provider.provider(), hangar.commands(), hangar.tasks(), access, ui, owned)));
        }
        buildSelectedProviderTab();
    }

    private void addProviderTab(String name, Component content) {
        Tab tab = addTab(name, slug(name), content);
        tab.addClassName("provider-tab-label");
        providerTabs.add(tab);
        if (tabNames.get(tab).equals(wantedTab)) {
            selectWantedTab();
        }
    }

    private Tab addTab(String label, String name, Component content) {
        boolean quiet = selecting;
        selecting = true;
        Tab tab = tabs.add(label, content);
        selecting = quiet;
        // A provider's tab named like another keeps the first one's name; it is still selectable by click.
        tabNames.put(tab, tabNames.containsValue(name) ? name + "-" + tabNames.size() : name);
        return tab;
    }

    /** A subtab's name in the address: "Snapshots and backups" is {@code snapshots-and-backups}. */
    static String slug(String label) {
        String slug = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.isEmpty() ? "tab" : slug;
    }

    private void dropContributions() {
        contributions.dispose();
        boolean quiet = selecting;
        selecting = true;
        providerTabs.forEach(tab -> {
            tabs.remove(tab);
            tabNames.remove(tab);
        });
        selecting = quiet;
        providerTabs.clear();
        contributor = null;
    }

    /** Selects the subtab the address names, or the default one when the page has none of that name (yet). */
    private void selectWantedTab() {
        Tab wanted = tabNames.entrySet().stream().filter(e -> e.getValue().equals(wantedTab)).map(Map.Entry::getKey)
                .findFirst().orElseGet(() -> tabNames.keySet().iterator().next());
        if (wanted != tabs.getSelectedTab()) {
            selecting = true;
            tabs.setSelectedTab(wanted);
            selecting = false;
        }
    }

    /** A subtab the user selected goes into the address (bookmarkable; a reload keeps it). */
    private void putTabInAddress() {
        Tab selected = tabs.getSelectedTab();
        if (address == null || selected == null || !isAttached()) {
            return;
        }
        String name = tabNames.get(selected);
        if (name.equals(wantedTab)) {
            return;
        }
        wantedTab = name;
        getUI().ifPresent(ui -> ui.navigate(address.path(), QueryParameters.of(TAB, name)));
    }

    /** A provider's tab is made when it is first opened, as the seed's renderers were. */
    private void buildSelectedProviderTab() {
        Tab selected = tabs.getSelectedTab();
        if (selected == null || !providerTabs.contains(selected)) {
            return;
        }
        if (tabs.getComponent(selected) instanceof ProviderTab content) {
            content.build();
        }
    }
}
