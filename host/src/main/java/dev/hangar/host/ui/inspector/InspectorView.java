package dev.hangar.host.ui.inspector;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.dataview.GridListDataView;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.RequiresPermission;
import dev.hangar.host.store.ActionLog;
import dev.hangar.host.store.StoreJson;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.nav.Paths;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.store.StateTree;
import dev.hangar.store.Store;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Redux DevTools for Hangar, for administrators (the route is refused to other roles on the server):
 * the last actions through the store, live and filtered by branch or by provider, what each did to
 * the branches it changed (a diff of their JSON), and every branch's state now. All of it is text.
 */
@Route(value = Paths.INSPECTOR, layout = MainLayout.class)
@PageTitle("State inspector — Hangar")
@RequiresPermission(Permission.INSPECT_STATE)
public class InspectorView extends VerticalLayout {
    /** Longer JSON is cut: a browser cannot show a branch of every VM of a large host in one block. */
    static final int SHOWN_CHARS = 200_000;
    /** How much of an action's text the filter searches (a provider's name sits near its start). */
    private static final int SEARCHED_CHARS = 4_000;

    private final Store store;
    private final ActionLog log;
    private final StoreJson json = new StoreJson();
    private final Grid<ActionLog.Entry> actions = new Grid<>();
    private final ComboBox<String> branchFilter = new ComboBox<>("Branch");
    private final TextField textFilter = new TextField("Provider or action");
    private final Paragraph count = new Paragraph();
    private final VerticalLayout details = new VerticalLayout();
    private final ComboBox<String> shownBranch = new ComboBox<>("Branch");
    private final Pre branchState = new Pre();
    /** Each entry's searchable text, computed once. */
    private final Map<Long, String> searchable = new HashMap<>();
    /** The log's entries, newest first: the grid's items, which the filters narrow. */
    private final List<ActionLog.Entry> entries = new ArrayList<>();
    private final GridListDataView<ActionLog.Entry> shown = actions.setItems(entries);
    private Object renderedBranch;

    public InspectorView(Hangar hangar) {
        this.store = hangar.store();
        this.log = hangar.actionLog();
        addClassName("inspector-page");
        setSizeFull();
        H2 title = new H2("State inspector");
        title.addClassName("page-title");

        TabSheet tabs = new TabSheet();
        tabs.addClassName("inspector-tabs");
        tabs.setSizeFull();
        tabs.add("Actions", actionsTab());
        tabs.add("State", stateTab());
        add(title, tabs);

        Live.bind(actions, log.appended().startWithItem(0L), ignored -> refreshActions());
        Live.bind(branchState, store.states(), this::renderState);
    }

    private Component actionsTab() {
        actions.addClassName("inspector-actions");
        actions.addColumn(ActionLog.Entry::sequence).setHeader("#").setKey("sequence").setWidth("5rem").setFlexGrow(0);
        actions.addColumn(e -> Formats.dateTime(e.time())).setHeader("Time").setKey("time").setWidth("11rem").setFlexGrow(0);
        actions.addColumn(ActionLog.Entry::type).setHeader("Action").setKey("type").setFlexGrow(1);
        actions.addColumn(e -> String.join(", ", e.branches())).setHeader("Changed").setKey("branches").setFlexGrow(1);
        actions.addColumn(e -> Objects.toString(e.error(), "")).setHeader("Error").setKey("error").setFlexGrow(1)
                .setTooltipGenerator(e -> Objects.toString(e.error(), ""));
        actions.setSizeFull();
        actions.asSingleSelect().addValueChangeListener(e -> showDetails(e.getValue()));

        branchFilter.addClassName("inspector-branch-filter");
        branchFilter.setPlaceholder("Any");
        branchFilter.setClearButtonVisible(true);
        branchFilter.addValueChangeListener(e -> applyFilter());
        textFilter.addClassName("inspector-text-filter");
        textFilter.setPlaceholder("e.g. a provider's name");
        textFilter.setClearButtonVisible(true);
        textFilter.setValueChangeMode(ValueChangeMode.LAZY);
        textFilter.addValueChangeListener(e -> applyFilter());
        count.addClassName("inspector-count");
        HorizontalLayout filters = new HorizontalLayout(branchFilter, textFilter, count);
        filters.setAlignItems(Alignment.BASELINE);

        details.addClassName("inspector-details");
        details.add(new Paragraph("Select an action to see what it did."));
        SplitLayout split = new SplitLayout(actions, details);
        split.setSplitterPosition(55);
        split.setSizeFull();
        // A tab's content gets no height of its own from the tab sheet: without a floor the grid collapses to no rows.
        split.setMinHeight("28rem");
        VerticalLayout tab = new VerticalLayout(filters, split);
        tab.setPadding(false);
        tab.setSizeFull();
        return tab;
    }

    private Component stateTab() {
        shownBranch.addClassName("inspector-shown-branch");
        shownBranch.addValueChangeListener(e -> {
            renderedBranch = null;
            renderState(store.getState());
        });
        branchState.addClassName("inspector-state");
        VerticalLayout tab = new VerticalLayout(shownBranch, branchState);
        tab.setPadding(false);
        return tab;
    }

    private void refreshActions() {
        List<ActionLog.Entry> all = new ArrayList<>(log.entries());
        Collections.reverse(all);
        entries.clear();
        entries.addAll(all);
        searchable.keySet().retainAll(all.stream().map(ActionLog.Entry::sequence).toList());
        TreeSet<String> branches = new TreeSet<>(store.getState().branches().keySet());
        all.forEach(e -> branches.addAll(e.branches()));
        if (!branches.equals(new TreeSet<>(branchItems()))) {
            String chosen = branchFilter.getValue();
            branchFilter.setItems(branches);
            branchFilter.setValue(chosen);
        }
        shown.refreshAll();
        countShown();
    }

    private List<String> branchItems() {
        return branchFilter.getListDataView().getItems().toList();
    }

    private void applyFilter() {
        String branch = branchFilter.getValue();
        String text = textFilter.getValue().strip().toLowerCase(Locale.ROOT);
        shown.setFilter(e -> (branch == null || e.branches().contains(branch))
                && (text.isEmpty() || searchable(e).contains(text)));
        countShown();
    }

    private void countShown() {
        count.setText(shown.getItemCount() + " of the last " + entries.size() + " actions");
    }

    /** The action's type, the branches it changed and its text (which names its provider and VM). */
    private String searchable(ActionLog.Entry entry) {
        return searchable.computeIfAbsent(entry.sequence(), n -> {
            String action = entry.action() == null ? "" : entry.action().toString();
            String all = entry.type() + " " + String.join(" ", entry.branches()) + " "
                    + action.substring(0, Math.min(action.length(), SEARCHED_CHARS));
            return all.toLowerCase(Locale.ROOT);
        });
    }

    private void showDetails(ActionLog.Entry entry) {
        details.removeAll();
        if (entry == null) {
            details.add(new Paragraph("Select an action to see what it did."));
            return;
        }
        details.add(new H4("#" + entry.sequence() + " " + entry.type()));
        if (entry.error() != null) {
            Paragraph error = new Paragraph("Failed: " + entry.error());
            error.addClassName("inspector-error");
            details.add(error);
        }
        details.add(text(entry.action() == null ? "(its plugin was unloaded)" : jsonOf(entry.action()), "inspector-action"));
        if (entry.changes().isEmpty()) {
            details.add(new Paragraph("It changed no branch."));
        }
        for (ActionLog.Change change : entry.changes()) {
            details.add(new H4("Branch " + change.branch()));
            if (!entry.statesKept()) {
                details.add(new Paragraph("Its states before and after are no longer kept (only the latest actions keep them)."));
                continue;
            }
            details.add(diff(change));
        }
    }

    /** What the action did to the branch: the changed lines of its JSON, or both whole when too many changed. */
    private Component diff(ActionLog.Change change) {
        String before = change.before() == null ? "" : jsonOf(change.before());
        String after = change.after() == null ? "" : jsonOf(change.after());
        List<LineDiff.Line> lines = LineDiff.diff(before, after);
        Div block = new Div();
        block.addClassName("inspector-diff");
        block.getElement().setAttribute("data-branch", change.branch());
        if (lines == null) {
            block.add(new Paragraph("Too much changed to compare line by line; before, then after:"),
                    text(before, "inspector-before"), text(after, "inspector-after"));
            return block;
        }
        for (LineDiff.Line line : lines) {
            Div row = new Div();
            row.setText(line.toString());
            row.addClassName("diff-" + line.kind().name().toLowerCase(Locale.ROOT));
            block.add(row);
        }
        return block;
    }

    private void renderState(StateTree tree) {
        List<String> names = new ArrayList<>(new TreeSet<>(tree.branches().keySet()));
        if (!names.equals(shownBranch.getListDataView().getItems().toList())) {
            String chosen = shownBranch.getValue();
            shownBranch.setItems(names);
            shownBranch.setValue(chosen != null && names.contains(chosen) ? chosen : names.isEmpty() ? null : names.get(0));
            renderedBranch = null;
        }
        String name = shownBranch.getValue();
        Object state = name == null ? null : tree.branches().get(name);
        if (name != null && state == renderedBranch && renderedBranch != null) {
            return;
        }
        renderedBranch = state;
        branchState.setText(name == null ? "" : cut(jsonOf(state)));
    }

    private String jsonOf(Object value) {
        try {
            return json.write(value);
        } catch (UncheckedIOException e) {
            return e.getMessage() + "\n" + value;
        }
    }

    private static Pre text(String text, String className) {
        Pre pre = new Pre(cut(text));
        pre.addClassName(className);
        return pre;
    }

    private static String cut(String text) {
        return text.length() <= SHOWN_CHARS ? text
                : text.substring(0, SHOWN_CHARS) + "\n… cut at " + SHOWN_CHARS + " of " + text.length() + " characters";
    }
}
