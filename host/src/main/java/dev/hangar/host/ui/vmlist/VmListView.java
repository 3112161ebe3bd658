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
import com.vaadin.flow.router.RouteConfiguration;
import dev.hangar.host.Hangar;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.ui.HostComponents;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.actions.VmActionBar;
import dev.hangar.host.ui.actions.VmActionRunner;
import dev.hangar.host.ui.components.Banner;
import dev.hangar.host.ui.components.Banners;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.components.Snapshot;
import dev.hangar.host.ui.vmdetails.VmAddress;
import dev.hangar.host.ui.vmdetails.VmDetailsView;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
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
@Route(value = "", layout = MainLayout.class)
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

    // Lit binds every value as text or as an attribute, so a VM's name or a plugin's label can never
    // become markup. router-link makes the link navigate inside the page, like a RouterLink.
    private static final String NAME_TEMPLATE = "<a class=\"vm-name\" router-link href=${item.href}>${item.name}</a>";
    // A failure shows as a compact marker; its whole message is in the cell's tooltip (hover or keyboard
    // focus), on the VM's page, and the row's menu dismisses it.
    private static final String STATE_TEMPLATE = "<span class=\"vm-state-cell\">"
            + "<span class=\"vm-state\" theme=${item.stateTheme} style=${item.stateStyle}>"
            + "<vaadin-icon class=\"vm-state-icon\" icon=${item.stateIcon} ?hidden=${!item.stateIcon}></vaadin-icon>"
            + "<span>${item.state}</span></span>"
            + "<span class=\"vm-error\" ?hidden=${!item.error}>"
            + "<vaadin-icon icon=\"vaadin:exclamation-circle-o\"></vaadin-icon>"
            + "<span class=\"vm-error-text\">Failed</span></span></span>";
    // The menu button opens the grid's one context menu on its row: the event carries the click, from
    // which the grid finds the row and the menu its position (below the button when keyboard-clicked).
    private static final String ACTIONS_TEMPLATE = "<span class=\"vm-actions\">"
            + "<vaadin-progress-bar class=\"vm-pending-bar\" indeterminate ?hidden=${!item.pending}></vaadin-progress-bar>"
            + "<span class=\"vm-pending\" ?hidden=${!item.pending}>${item.pending}</span>"
            + "<vaadin-button theme=\"small\" class=\"vm-primary-action\" ?hidden=${!item.primary}"
            + " aria-label=${item.primary + ' ' + item.name} @click=${() => act(item.primaryVerb)}>${item.primary}</vaadin-button>"
            + "<vaadin-button theme=\"tertiary-inline icon small\" class=\"vm-menu\" ?hidden=${!item.menu}"
            + " aria-label=${'More actions for ' + item.name} title=\"More actions\""
            + " @click=${e => e.currentTarget.dispatchEvent(new CustomEvent('vaadin-contextmenu',"
            + " {bubbles: true, composed: true, detail: {sourceEvent: e}}))}>"
            + "<vaadin-icon icon=\"vaadin:ellipsis-dots-v\"></vaadin-icon></vaadin-button></span>";

    private final List<VmRef> refs = new ArrayList<>();
    private final ListDataProvider<VmRef> data = new ListDataProvider<>(refs);
    private final Grid<VmRef> grid = new Grid<>();
    private final TextField nameFilter = new TextField();
    private final Select<String> stateFilter = new Select<>();
    private final Span count = new Span();
    private final Div banners = new Div();
    private final VmActionRunner runner;
    private Snapshot current = new Snapshot(VmsState.EMPTY, Map.of());
    /** The grid's width in the browser, as last reported; wide until the first report. */
    private int gridWidth = Integer.MAX_VALUE;
    private final GridContextMenu<VmRef> menu;
    /** The last row worked out: a renderer asks for several values of one row in a row. */
    private VmRow lastRow;

    public VmListView() {
        Hangar hangar = Hangar.current();
        runner = new VmActionRunner(hangar.commands(), this::provider, ref -> { });
        addClassName("vm-list");
        setSizeFull();

        H2 title = new H2("Virtual machines");
        title.addClassName("page-title");
        banners.addClassName("banners");
        add(title, banners, toolbar(), grid);
        configureGrid();
        menu = createActionsMenu();
        setFlexGrow(1, grid);
        Live.bind(this, Snapshot.of(hangar), this::render);
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
        stateFilter.setItemLabelGenerator(state -> state == null ? "All states" : stateLabel(state));
        stateFilter.addValueChangeListener(e -> applyFilter());

        count.addClassName("vm-count");
        count.getElement().setAttribute("aria-live", "polite");
        HorizontalLayout toolbar = new HorizontalLayout(nameFilter, stateFilter, count);
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
        Snapshot previous = current;
        current = next;
        lastRow = null;
        boolean providersChanged = previous.providers() != next.providers();
        if (providersChanged || previous.vms().providers() != next.vms().providers()) {
            fitColumns();
            updateStateChoices();
        }
        if (!sameRefs(previous.vms(), next.vms())) {
            refs.clear();
            refs.addAll(next.vms().vms().keySet());
            data.refreshAll();
        } else if (providersChanged || previous.vms().connections() != next.vms().connections()) {
            data.refreshAll();
        } else {
            Set<VmRef> changed = changed(previous.vms(), next.vms());
            if (!changed.isEmpty()) {
                if (orderDependsOnLiveValues()) {
                    data.refreshAll();
                } else {
                    changed.forEach(data::refreshItem);
                }
            }
        }
        if (previous.vms().connections() != next.vms().connections()
                || previous.vms().providers() != next.vms().providers() || previous.vms() == VmsState.EMPTY) {
            showBanners();
        }
        updateCount();
    }

    private static boolean sameRefs(VmsState a, VmsState b) {
        if (a.vms() == b.vms()) {
            return true;
        }
        if (a.vms().size() != b.vms().size()) {
            return false;
        }
        for (VmRef ref : b.vms().keySet()) {
            if (!a.vms().containsKey(ref)) {
                return false;
            }
        }
        return true;
    }

    /** The VMs whose row shows something new; reducers keep unchanged values as the same instances. */
    static Set<VmRef> changed(VmsState a, VmsState b) {
        Set<VmRef> changed = new HashSet<>();
        collect(a.vms(), b.vms(), changed, (x, y) -> x == y);
        // Every stats tick brings a new sample for every VM; only a change the row shows refreshes it,
        // or a tick would re-render every row (and its components) of a large list.
        collect(a.usage(), b.usage(), changed, VmListView::sameShown);
        collect(a.pending(), b.pending(), changed, (x, y) -> x == y);
        collect(a.errors(), b.errors(), changed, (x, y) -> x == y);
        return changed;
    }

    private static boolean sameShown(VmUsage x, VmUsage y) {
        if (x == y || (x != null && y != null && x.cpuPercent() == y.cpuPercent() && x.memoryUsedKiB() == y.memoryUsedKiB())) {
            return true;
        }
        return x != null && y != null
                && Formats.percent(x.cpuPercent()).equals(Formats.percent(y.cpuPercent()))
                && Formats.kib(x.memoryUsedKiB()).equals(Formats.kib(y.memoryUsedKiB()));
    }

    private static <V> void collect(Map<VmRef, V> before, Map<VmRef, V> after, Set<VmRef> changed,
                                    BiPredicate<V, V> same) {
        if (before == after) {
            return;
        }
        after.forEach((ref, value) -> {
            if (!same.test(before.get(ref), value)) {
                changed.add(ref);
            }
        });
        for (VmRef ref : before.keySet()) {
            if (!after.containsKey(ref)) {
                changed.add(ref);
            }
        }
    }

    private boolean orderDependsOnLiveValues() {
        if (stateFilter.getValue() != null) {
            return true;
        }
        return grid.getSortOrder().stream().anyMatch(o -> LIVE_COLUMNS.contains(o.getSorted().getKey()));
    }

    private void applyFilter() {
        String text = Objects.requireNonNullElse(nameFilter.getValue(), "").strip().toLowerCase();
        String state = stateFilter.getValue();
        data.setFilter(ref -> {
            if (!text.isEmpty() && !ref.name().toLowerCase().contains(text)) {
                return false;
            }
            if (state == null) {
                return true;
            }
            Vm vm = vm(ref);
            return vm != null && vm.state().equals(state);
        });
        updateCount();
    }

    private void updateCount() {
        int total = current.vms().vms().size();
        int shown = data.getFilter() == null ? total : (int) refs.stream().filter(data.getFilter()::test).count();
        count.setText(shown + " of " + total + (total == 1 ? " VM" : " VMs") + " shown");
    }

    /** The states one can filter by: the built-in ones, the providers' own, and any a VM is in. */
    private void updateStateChoices() {
        Map<String, String> labels = new TreeMap<>();
        VmStates.builtIn().forEach((state, info) -> labels.put(state, info.label()));
        for (ActiveProvider provider : current.providers().values()) {
            provider.states().forEach((state, info) -> labels.put(state, info.label()));
        }
        for (Vm vm : current.vms().vms().values()) {
            labels.putIfAbsent(vm.state(), vm.state());
        }
        List<String> states = new ArrayList<>(labels.keySet());
        states.sort(Comparator.comparing(this::stateLabel, String.CASE_INSENSITIVE_ORDER));
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
            for (VmVerb verb : row.menu()) {
                if (verb == VmVerb.DELETE && !row.menu().get(0).equals(verb)) {
                    actions.addSeparator();
                }
                var item = actions.addItem(verb.label() + (VmActionBar.needsDialog(verb) ? "…" : ""),
                        e -> runner.perform(row.vm(), verb));
                item.addClassName("vm-action-" + verb.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                if (VmActionBar.needsDialog(verb)) {
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
        VmVerb verb = Arrays.stream(VmVerb.values()).filter(v -> v.name().equals(verbName)).findFirst().orElse(null);
        if (vm != null && verb != null) {
            runner.perform(vm, verb);
        }
    }

    /** What the row of {@code ref} shows now. */
    VmRow row(VmRef ref) {
        VmRow row = lastRow;
        if (row == null || !row.ref().equals(ref)) {
            row = VmRow.of(ref, current, href(ref));
            lastRow = row;
        }
        return row;
    }

    private static String href(VmRef ref) {
        return RouteConfiguration.forApplicationScope().getUrl(VmDetailsView.class, VmAddress.of(ref).parameters());
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

    private String stateLabel(String state) {
        for (ActiveProvider provider : current.providers().values()) {
            if (provider.states().containsKey(state)) {
                return provider.stateInfo(state).label();
            }
        }
        return VmStates.info(VmStates.builtIn(), state).label();
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

}
