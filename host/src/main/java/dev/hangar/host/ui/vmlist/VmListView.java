package dev.hangar.host.ui.vmlist;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.contextmenu.GridContextMenu;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.security.Access;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.actions.VmActionRunner;
import dev.hangar.host.ui.actions.VmMenu;
import dev.hangar.host.ui.components.Banner;
import dev.hangar.host.ui.components.Banners;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.components.Snapshot;
import dev.hangar.host.ui.create.CreateVmButton;
import dev.hangar.host.ui.nav.Paths;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The list of every VM of every active provider: the main page. Renders only from the store.
 *
 * <p>It stays fast with many VMs: the grid's items are the VMs' refs, a stable list the grid sends to
 * the browser only a page at a time; each cell reads the VM from the latest state. When a few VMs
 * change, only their rows are refreshed ({@code refreshItem}); the whole list is refreshed only when
 * VMs come or go, or when the sort or filter depends on what changed.
 *
 * <p>Cells are templates the browser renders from a few values per row ({@link LitRenderer}), not
 * server-side components: a row costs a few properties to send and to refresh, which is what lets a
 * page of rows arrive quickly and a changed VM cost one small message. The actions menu is one
 * {@link GridContextMenu} for the whole grid, filled for the row it opens on.
 */
@Route(value = Paths.VMS, layout = MainLayout.class)
@PageTitle("Virtual machines — Hangar")
public class VmListView extends VerticalLayout {
    static final String NAME = "name";
    static final String CONNECTION = "connection";
    static final String PROVIDER = "provider";
    static final String STATE = "state";
    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String ACTIONS = "actions";
    /** Columns whose values change while a VM lives: sorting by them needs a full refresh on change. */
    private static final Set<String> LIVE_COLUMNS = Set.of(STATE, CPU, MEMORY);

    // The cells' Lit templates are resource files next to this class. Lit binds every value as text or
    // as an attribute, so a VM's name or a plugin's label can never become markup. In name.lit.html,
    // router-link makes the link navigate inside the page, like a RouterLink. In state.lit.html a
    // failure shows as a compact marker; its whole message is in the cell's tooltip (hover or keyboard
    // focus), on the VM's page, and the row's menu dismisses it. In actions.lit.html the menu button
    // opens the grid's one context menu on its row: the event carries the click, from which the grid
    // finds the row and the menu its position (below the button when keyboard-clicked).
    private static final String NAME_TEMPLATE = template("name.lit.html");
    private static final String STATE_TEMPLATE = template("state.lit.html");
    private static final String ACTIONS_TEMPLATE = template("actions.lit.html");

    private final List<VmRef> refs = new ArrayList<>();
    private final ListDataProvider<VmRef> data = new ListDataProvider<>(refs);
    private final Grid<VmRef> grid = new Grid<>();
    private final TextField nameFilter = new TextField();
    private final Select<String> stateFilter = new Select<>();
    private final Span count = new Span();
    private final Div banners = new Div();
    private final Access access;
    private final VmActionRunner runner;
    private final CreateVmButton create;
    private Snapshot current = new Snapshot(VmsState.EMPTY, Map.of());
    private VmListModel.Filter filter = VmListModel.Filter.NONE;
    /** The grid's width in the browser, as last reported; wide until the first report. */
    private int gridWidth = Integer.MAX_VALUE;
    private final GridContextMenu<VmRef> menu;
    /** The last row worked out: a renderer asks for several values of one row in a row. */
    private VmRow lastRow;

    public VmListView(Hangar hangar, Access access) {
        this.access = access;
        runner = new VmActionRunner(hangar.commands(), access, this::provider, ref -> { });
        addClassName("vm-list");
        setSizeFull();

        H2 title = new H2("Virtual machines");
        title.addClassName("page-title");
        banners.addClassName("banners");
        create = CreateVmButton.of(hangar, access);
        add(title, banners, toolbar(), grid);
        configureGrid();
        menu = createActionsMenu();
        setFlexGrow(1, grid);
        Live.bind(this, Snapshot.of(hangar.store(), hangar.providers()), this::render);
    }

    private Component toolbar() {
        nameFilter.setPlaceholder("Filter by name");
        nameFilter.setAriaLabel("Filter by name");
        nameFilter.setPrefixComponent(VaadinIcon.SEARCH.create());
        nameFilter.setClearButtonVisible(true);
        nameFilter.setValueChangeMode(ValueChangeMode.LAZY);
        nameFilter.addClassName("name-filter");
        nameFilter.addValueChangeListener(e -> applyFilter());

        stateFilter.setAriaLabel("Filter by state");
        stateFilter.setEmptySelectionAllowed(true);
        stateFilter.setEmptySelectionCaption("All states");
        stateFilter.setPlaceholder("All states");
        stateFilter.addClassName("state-filter");
        stateFilter.setItemLabelGenerator(state -> state == null ? "All states"
                : VmListModel.stateLabel(current.providers(), state));
        stateFilter.addValueChangeListener(e -> applyFilter());

        count.addClassName("vm-count");
        count.getElement().setAttribute("aria-live", "polite");
        HorizontalLayout toolbar = new HorizontalLayout(nameFilter, stateFilter, count, create);
        toolbar.addClassName("toolbar");
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        toolbar.setWrap(true);
        return toolbar;
    }

    private void configureGrid() {
        grid.addClassName("vm-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(data);
        grid.setMultiSort(false);
        // Every cell that can be cut short has its whole text as a tooltip (hover and keyboard focus).
        Grid.Column<VmRef> name = grid.addColumn(LitRenderer.<VmRef>of(NAME_TEMPLATE)
                        .withProperty("name", VmRef::name)
                        .withProperty("href", ref -> row(ref).href()))
                .setKey(NAME).setHeader("Name")
                .setComparator(Comparator.comparing(VmRef::name, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(VmRef::connection).thenComparing(VmRef::provider))
                .setTooltipGenerator(VmRef::name);
        grid.addColumn(this::connectionLabel).setKey(CONNECTION).setHeader("Connection")
                .setComparator(Comparator.comparing(this::connectionLabel, String.CASE_INSENSITIVE_ORDER))
                .setTooltipGenerator(this::connectionLabel);
        grid.addColumn(VmRef::provider).setKey(PROVIDER).setHeader("Provider")
                .setComparator(Comparator.comparing(VmRef::provider)).setTooltipGenerator(VmRef::provider);
        grid.addColumn(LitRenderer.<VmRef>of(STATE_TEMPLATE)
                        .withProperty("state", ref -> row(ref).stateLabel())
                        .withProperty("stateTheme", ref -> row(ref).stateTheme())
                        .withProperty("stateStyle", ref -> row(ref).stateStyle())
                        .withProperty("stateIcon", ref -> row(ref).stateIcon())
                        .withProperty("error", ref -> row(ref).error() != null))
                .setKey(STATE).setHeader("State")
                .setComparator(Comparator.comparing(this::stateSortKey, String.CASE_INSENSITIVE_ORDER))
                .setTooltipGenerator(ref -> row(ref).stateTooltip());
        grid.addColumn(ref -> Formats.percent(cpu(ref))).setKey(CPU).setHeader("CPU")
                .setComparator(Comparator.comparingDouble(this::cpu)).setTextAlign(ColumnTextAlign.END);
        grid.addColumn(this::memoryText).setKey(MEMORY).setHeader("Memory")
                .setComparator(Comparator.comparingLong(this::memoryUsed).thenComparingLong(this::memoryTotal))
                .setTextAlign(ColumnTextAlign.END)
                .setTooltipGenerator(ref -> Formats.kib(memoryUsed(ref)) + " used of " + Formats.kib(memoryTotal(ref)));
        grid.addColumn(LitRenderer.<VmRef>of(ACTIONS_TEMPLATE)
                        .withProperty("name", VmRef::name)
                        .withProperty("pending", ref -> row(ref).pendingText())
                        .withProperty("primary", ref -> row(ref).primaryLabel())
                        .withProperty("primaryVerb", ref -> row(ref).primaryVerb())
                        .withProperty("menu", ref -> row(ref).hasMenu())
                        .withFunction("act", (ref, args) -> act(ref, args.getString(0))))
                .setKey(ACTIONS).setHeader("Actions")
                .setTooltipGenerator(ref -> row(ref).pendingText());
        for (Grid.Column<VmRef> column : grid.getColumns()) {
            column.setResizable(true);
            column.setWidth(Layout.width(column.getKey()) + "px");
            column.setFlexGrow(Layout.flexGrow(column.getKey()));
        }
        grid.getColumns().stream().filter(c -> !ACTIONS.equals(c.getKey())).forEach(c -> c.setSortable(true));
        grid.sort(List.of(new GridSortOrder<>(name, SortDirection.ASCENDING)));
        grid.setEmptyStateText("No VMs to show.");
        // The browser reports the grid's width as it changes; the columns that fit are shown.
        addAttachListener(e -> getElement().executeJs(
                "const view = this; let last = -1;"
                        + "new ResizeObserver(entries => { const w = Math.round(entries[0].contentRect.width);"
                        + " if (w !== last) { last = w; view.$server.gridResized(w); } }).observe($0);",
                grid.getElement()));
    }

    /** The grid is now {@code width} pixels wide: shows the optional columns that fit. */
    @ClientCallable
    void gridResized(int width) {
        gridWidth = width;
        fitColumns();
    }

    private void fitColumns() {
        Set<String> shown = Layout.columns(gridWidth, current.activeProviders() > 1);
        grid.getColumns().forEach(c -> c.setVisible(shown.contains(c.getKey())));
    }

    /** Renders a new state: the rows that changed, the count, the banners. */
    private void render(Snapshot next) {
        VmListModel.Update update = VmListModel.update(current, next, this::orderDependsOnLiveValues);
        current = next;
        lastRow = null;
        create.refresh();
        if (update.providers()) {
            fitColumns();
            updateStateChoices();
        }
        if (update.items()) {
            refs.clear();
            refs.addAll(next.vms().vms().keySet());
            data.refreshAll();
        } else if (update.all()) {
            data.refreshAll();
        } else {
            update.rows().forEach(data::refreshItem);
        }
        if (update.banners()) {
            showBanners();
        }
        updateCount();
    }

    private boolean orderDependsOnLiveValues() {
        return filter.live() || grid.getSortOrder().stream().anyMatch(o -> LIVE_COLUMNS.contains(o.getSorted().getKey()));
    }

    private void applyFilter() {
        VmListModel.Filter next = new VmListModel.Filter(nameFilter.getValue(), stateFilter.getValue());
        filter = next;
        data.setFilter(ref -> next.test(ref, vm(ref)));
        updateCount();
    }

    private void updateCount() {
        int total = current.vms().vms().size();
        int shown = data.getFilter() == null ? total : (int) refs.stream().filter(data.getFilter()::test).count();
        count.setText(VmListModel.count(shown, total));
    }

    private void updateStateChoices() {
        List<String> states = VmListModel.stateChoices(current);
        String selected = stateFilter.getValue();
        if (!states.equals(stateFilter.getListDataView().getItems().toList())) {
            stateFilter.setItems(states);
            if (selected != null && states.contains(selected)) {
                stateFilter.setValue(selected);
            }
        }
    }

    private void showBanners() {
        banners.removeAll();
        VmsState vms = current.vms();
        if (vms.providers().isEmpty()) {
            banners.add(new Banner(Banner.Kind.WARNING,
                    "No provider is active: put a provider plugin into the plugins folder, then rescan on the Plugins page."));
        }
        Banners.providers(vms).forEach(banners::add);
        Banners.connections(vms).forEach(banners::add);
        banners.setVisible(banners.getComponentCount() > 0);
    }

    private GridContextMenu<VmRef> createActionsMenu() {
        GridContextMenu<VmRef> actions = grid.addContextMenu();
        actions.addClassName("vm-actions-menu");
        actions.setDynamicContentHandler(ref -> {
            actions.removeAll();
            if (ref == null) {
                return false;
            }
            VmRow row = row(ref);
            if (row.dismissable()) {
                VmError error = row.error();
                actions.addItem("Dismiss failure message", e -> runner.dismiss(ref, error))
                        .addClassName("vm-dismiss-error");
                if (!row.menu().isEmpty()) {
                    actions.addSeparator();
                }
            }
            for (VmMenu.Item entry : new VmMenu(row.primary(), row.menu()).items()) {
                if (entry.separatorBefore()) {
                    actions.addSeparator();
                }
                var item = actions.addItem(entry.label(), e -> runner.perform(row.vm(), entry.verb()));
                item.addClassName(entry.className());
                if (entry.danger()) {
                    item.addClassName("danger");
                }
            }
            return row.hasMenu();
        });
        return actions;
    }

    /** The one menu of every row's other actions (its items are made for the row it opens on). */
    public GridContextMenu<VmRef> actionsMenu() {
        return menu;
    }

    /**
     * A click on a row's primary button. The browser names the verb it showed, so a VM that changed
     * state meanwhile never gets another action than the one clicked; the server checks it again.
     */
    void act(VmRef ref, String verbName) {
        Vm vm = vm(ref);
        // A name that is no verb (only a tampered client sends one) does nothing, like a VM that is gone.
        VmVerb verb = VmListModel.verb(verbName);
        if (vm != null && verb != null) {
            runner.perform(vm, verb);
        }
    }

    /** What the row of {@code ref} shows now. */
    VmRow row(VmRef ref) {
        VmRow row = lastRow;
        if (row == null || !row.ref().equals(ref)) {
            row = VmRow.of(ref, current, href(ref), access::may);
            lastRow = row;
        }
        return row;
    }

    private static String href(VmRef ref) {
        return VmAddress.of(ref).path();
    }

    private VirtProvider provider(VmRef ref) {
        ActiveProvider provider = current.providers().get(ref.provider());
        return provider == null ? null : provider.provider();
    }

    private Vm vm(VmRef ref) {
        return current.vms().vms().get(ref);
    }

    private String connectionLabel(VmRef ref) {
        ConnectionStatus status = current.vms().connection(ref.provider(), ref.connection()).orElse(null);
        return status == null ? ref.connection() : status.label();
    }

    private String stateSortKey(VmRef ref) {
        Vm vm = vm(ref);
        return vm == null ? "" : HostComponents.stateInfo(current.providers(), vm).label();
    }

    /** A part of the VM's latest sample; unknown while the VM is not running, whatever the provider sampled. */
    private <T> T usage(VmRef ref, Function<VmUsage, T> part, T unknown) {
        VmUsage usage = current.vms().usage().get(ref);
        Vm vm = vm(ref);
        VirtProvider provider = provider(ref);
        if (usage == null || vm == null || provider == null || !provider.isRunning(vm.state())) {
            return unknown;
        }
        return part.apply(usage);
    }

    private double cpu(VmRef ref) {
        return usage(ref, VmUsage::cpuPercent, -1.0);
    }

    private long memoryUsed(VmRef ref) {
        return usage(ref, VmUsage::memoryUsedKiB, -1L);
    }

    private long memoryTotal(VmRef ref) {
        Vm vm = vm(ref);
        return vm == null ? -1 : vm.memoryKiB();
    }

    private String memoryText(VmRef ref) {
        return Formats.kib(memoryUsed(ref)) + " / " + Formats.kib(memoryTotal(ref));
    }

    /** A cell's template from its resource file, on one line as Lit needs no more: no text between tags. */
    private static String template(String name) {
        try (InputStream in = VmListView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the VM list's template " + name + " is missing from the host's JAR");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return String.join(" ", text.strip().lines().map(String::strip).toList()).replaceAll(">\\s+<", "><");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the VM list's template " + name, e);
        }
    }

}
