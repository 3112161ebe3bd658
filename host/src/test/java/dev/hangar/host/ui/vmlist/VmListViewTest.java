package dev.hangar.host.ui.vmlist;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.contextmenu.GridContextMenu;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.security.Role;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.ui.components.Banner;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.pluginspage.PluginsView;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VmListViewTest {
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        if (test != null) {
            test.close();
        }
    }

    private Grid<VmRef> open() {
        UI.getCurrent().navigate(VmListView.class);
        @SuppressWarnings("unchecked")
        Grid<VmRef> grid = _get(Grid.class, spec -> spec.withClasses("vm-grid"));
        return grid;
    }

    private static List<String> names(Grid<VmRef> grid) {
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i).name()).toList();
    }

    /** What the row of {@code name} shows, as the list sends it to the browser. */
    private static VmRow row(Grid<VmRef> grid, String name) {
        VmRef ref = GridKt._get(grid, names(grid).indexOf(name));
        return _get(VmListView.class).row(ref);
    }

    private static GridContextMenu<VmRef> menu() {
        return _get(VmListView.class).actionsMenu();
    }

    private static void pick(Grid<VmRef> grid, String name, String caption) {
        ContextMenuKt._clickItemWithCaption(menu(), caption, GridKt._get(grid, names(grid).indexOf(name)));
    }

    private static String cell(Grid<VmRef> grid, String name, String column) {
        return GridKt._getFormatted(grid, names(grid).indexOf(name), column);
    }

    @Test
    void listsEveryVmWithItsColumnsSortedByName() throws Exception {
        Vm web = provider.put(provider.vm("web", VmStates.RUNNING));
        provider.put(provider.vm("db", VmStates.SHUT_OFF));
        provider.put(provider.vm("cache", TestProvider.MIGRATING));
        test = TestHangar.start(provider);
        provider.usage(web, 12.5, 512 * 1024, 1000);
        Grid<VmRef> grid = open();

        eventually(() -> assertEquals("12.5 %", cell(grid, "web", VmListView.CPU)));
        assertEquals(List.of("cache", "db", "web"), names(grid));
        assertEquals("Test test", cell(grid, "web", VmListView.CONNECTION));
        assertEquals("512 MiB / 1 GiB", cell(grid, "web", VmListView.MEMORY));
        assertEquals("— / 1 GiB", cell(grid, "db", VmListView.MEMORY));
        assertEquals("Migrating", stateText(grid, "cache"), "a provider's own state shows its own label");
        assertEquals("Running", stateText(grid, "web"));
        assertEquals("vm/test/" + "dGVzdDovLy91aQ" + "/web", row(grid, "web").href());
        assertFalse(grid.getColumnByKey(VmListView.PROVIDER).isVisible(), "one provider: no provider column");
        assertEquals("3 of 3 VMs shown", _get(com.vaadin.flow.component.html.Span.class,
                spec -> spec.withClasses("vm-count")).getText());
    }

    private static String stateText(Grid<VmRef> grid, String name) {
        return row(grid, name).stateLabel();
    }

    @Test
    void showsTheProviderColumnOnlyWithTwoProviders() throws Exception {
        TestProvider other = new TestProvider("other");
        provider.put(provider.vm("a", VmStates.RUNNING));
        other.put(other.vm("b", VmStates.RUNNING));
        test = TestHangar.start(provider, other);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(2, GridKt._size(grid)));
        assertTrue(grid.getColumnByKey(VmListView.PROVIDER).isVisible());
        assertEquals("other", cell(grid, "b", VmListView.PROVIDER));
    }

    @Test
    void sortsOnEveryColumn() throws Exception {
        Vm a = provider.put(provider.vm("alpha", VmStates.RUNNING));
        Vm b = provider.put(provider.vm("Beta", VmStates.SHUT_OFF));
        Vm c = provider.put(provider.vm("gamma", VmStates.PAUSED));
        test = TestHangar.start(provider);
        provider.usage(a, 5, 100, 1000);
        provider.usage(c, 50, 300, 1000);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals("50.0 %", cell(grid, "gamma", VmListView.CPU)));
        assertEquals(List.of("alpha", "Beta", "gamma"), names(grid), "case-insensitive by name first");
        GridKt._sortByKey(grid, VmListView.NAME, SortDirection.DESCENDING);
        assertEquals(List.of("gamma", "Beta", "alpha"), names(grid));
        GridKt._sortByKey(grid, VmListView.CPU, SortDirection.DESCENDING);
        assertEquals(List.of("gamma", "alpha", "Beta"), names(grid));
        GridKt._sortByKey(grid, VmListView.STATE, SortDirection.ASCENDING);
        assertEquals(List.of("gamma", "alpha", "Beta"), names(grid), "Paused, Running, Shut off");
        GridKt._sortByKey(grid, VmListView.MEMORY, SortDirection.ASCENDING);
        assertEquals(List.of("Beta", "alpha", "gamma"), names(grid));
        for (String key : List.of(VmListView.CONNECTION, VmListView.PROVIDER)) {
            assertTrue(grid.getColumnByKey(key).isSortable(), key);
        }
        assertEquals(b.ref(), GridKt._get(grid, 0));
    }

    @Test
    void filtersByNameAndStateAndCounts() throws Exception {
        provider.put(provider.vm("web-1", VmStates.RUNNING));
        provider.put(provider.vm("web-2", VmStates.SHUT_OFF));
        provider.put(provider.vm("db", VmStates.RUNNING));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(3, GridKt._size(grid)));

        _get(TextField.class, spec -> spec.withClasses("name-filter")).setValue("WEB");
        assertEquals(List.of("web-1", "web-2"), names(grid));
        @SuppressWarnings("unchecked")
        Select<String> states = _get(Select.class, spec -> spec.withClasses("state-filter"));
        states.setValue(VmStates.RUNNING);
        assertEquals(List.of("web-1"), names(grid));
        assertEquals("1 of 3 VMs shown", count());

        // The state filter follows live changes: web-2 starts and joins the filtered list.
        provider.put(provider.vm("web-2", VmStates.RUNNING));
        eventually(() -> assertEquals(List.of("web-1", "web-2"), names(grid)));
        eventually(() -> assertEquals("2 of 3 VMs shown", count()));
        states.setValue(null);
        _get(TextField.class, spec -> spec.withClasses("name-filter")).setValue("");
        assertEquals(3, GridKt._size(grid));
    }

    private static String count() {
        return _get(com.vaadin.flow.component.html.Span.class, spec -> spec.withClasses("vm-count")).getText();
    }

    @Test
    void offersExactlyTheActionsThePredicatesAllow() throws Exception {
        provider.put(provider.vm("on", VmStates.RUNNING));
        provider.put(provider.vm("off", VmStates.SHUT_OFF));
        provider.put(provider.vm("held", VmStates.PAUSED));
        provider.put(provider.vm("moving", TestProvider.MIGRATING));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(4, GridKt._size(grid)));

        VmRow on = row(grid, "on");
        assertEquals(VmVerb.SHUTDOWN, on.primary());
        assertEquals(List.of(VmVerb.PAUSE, VmVerb.REBOOT, VmVerb.FORCE_REBOOT, VmVerb.FORCE_OFF, VmVerb.SEND_NMI,
                VmVerb.DELETE), on.menu());
        VmRow off = row(grid, "off");
        assertEquals(VmVerb.START, off.primary());
        assertEquals("Run", off.primaryLabel());
        assertEquals(List.of(VmVerb.DELETE), off.menu());
        VmRow held = row(grid, "held");
        assertEquals(VmVerb.SHUTDOWN, held.primary());
        assertEquals(List.of(VmVerb.RESUME, VmVerb.REBOOT, VmVerb.FORCE_REBOOT, VmVerb.FORCE_OFF, VmVerb.SEND_NMI,
                VmVerb.DELETE), held.menu());
        VmRow moving = row(grid, "moving");
        assertNull(moving.primary(), "the provider allows nothing while migrating");
        assertEquals("", moving.primaryLabel(), "no button is shown");
        assertEquals(List.of(), moving.menu());

        // The one menu of the grid is filled for the row it opens on, in the same order.
        ContextMenuKt.setOpened(menu(), true, GridKt._get(grid, names(grid).indexOf("held")));
        assertEquals(List.of("Resume", "Reboot", "Force reboot…", "Force off…", "Send non-maskable interrupt", "Delete…"),
                menu().getItems().stream().map(i -> i.getText()).toList());
    }

    @Test
    void offersOnlyWhatTheUsersRoleAllows() throws Exception {
        provider.put(provider.vm("on", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TestHangar.signIn(Role.OPERATOR);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        assertEquals(VmVerb.SHUTDOWN, row(grid, "on").primary());
        assertFalse(row(grid, "on").menu().contains(VmVerb.DELETE), "operators may not delete");
        TestHangar.signIn(Role.VIEWER);
        provider.put(provider.vm("on", VmStates.PAUSED));
        eventually(() -> assertEquals("Paused", stateText(grid, "on")));
        assertNull(row(grid, "on").primary());
        assertEquals(List.of(), row(grid, "on").menu(), "viewers only look");
    }

    @Test
    void runsAVmFromTheListAndShowsItsNewState() throws Exception {
        provider.put(provider.vm("off", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        CompletableFuture<Void> gate = provider.hold(VmVerb.START);

        // What the row's button sends: the verb it showed.
        VmListView list = _get(VmListView.class);
        list.act(GridKt._get(grid, 0), "NO_SUCH_VERB");
        assertTrue(provider.calls.isEmpty(), "a name that is no verb does nothing");
        list.act(GridKt._get(grid, 0), row(grid, "off").primaryVerb());
        eventually(() -> assertEquals("Starting…", row(grid, "off").pendingText()));
        assertNull(row(grid, "off").primary(), "no other action while one runs");
        gate.complete(null);
        eventually(() -> assertEquals("Running", stateText(grid, "off")));
        assertEquals(VmVerb.SHUTDOWN, row(grid, "off").primary());
        assertEquals("", row(grid, "off").pendingText());
        assertEquals(List.of("START off"), provider.calls);
    }

    @Test
    void aFailureNotifiesAndStaysOnTheRowUntilTheNextSuccess() throws Exception {
        provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        provider.failNext(VmVerb.PAUSE, "Domain 'web' is locked by a migration");

        pick(grid, "web", "Pause");
        eventually(() -> NotificationsKt.expectNotifications("Pause failed for VM web: Domain 'web' is locked by a migration"));
        eventually(() -> assertTrue(rowText(grid, "web").contains("Pause failed: Domain 'web' is locked by a migration"),
                rowText(grid, "web")));
        NotificationsKt.clearNotifications();

        // Later actions that fail elsewhere do not clear it; the next success does.
        provider.put(provider.vm("web", VmStates.RUNNING));
        pick(grid, "web", "Pause");
        eventually(() -> assertEquals("Paused", stateText(grid, "web")));
        eventually(() -> assertFalse(rowText(grid, "web").contains("failed"), rowText(grid, "web")));
    }

    @Test
    void aFailureIsACompactMarkerWhoseWholeTextIsTheTooltipAndTheMenuDismissesIt() throws Exception {
        provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        String message = "Domain 'web' is locked by a migration " + "that takes its time ".repeat(10);
        provider.failNext(VmVerb.PAUSE, message);
        pick(grid, "web", "Pause");
        VmRef web = GridKt._get(grid, 0);
        // The cell shows a marker; the whole message is its tooltip (hover and keyboard focus).
        eventually(() -> assertEquals("Running. Pause failed: " + message,
                grid.getColumnByKey(VmListView.STATE).getTooltipGenerator().apply(web)));
        assertEquals("web", grid.getColumnByKey(VmListView.NAME).getTooltipGenerator().apply(web));

        // A viewer sees it and cannot dismiss it; someone who may pause can, from the row's menu.
        TestHangar.signIn(Role.VIEWER);
        UI.getCurrent().navigate(PluginsView.class);
        Grid<VmRef> viewers = open();
        eventually(() -> assertTrue(row(viewers, "web").error() != null));
        assertFalse(row(viewers, "web").dismissable());
        TestHangar.signIn(Role.OPERATOR);
        UI.getCurrent().navigate(PluginsView.class);
        Grid<VmRef> operators = open();
        eventually(() -> assertTrue(row(operators, "web").dismissable()));
        pick(operators, "web", "Dismiss failure message");
        eventually(() -> assertEquals("", rowText(operators, "web")));
        assertEquals("Running", operators.getColumnByKey(VmListView.STATE).getTooltipGenerator().apply(web));
    }

    @Test
    void aNarrowerGridHidesTheLessImportantColumnsButNeverNameStateAndActions() throws Exception {
        provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        VmListView view = _get(VmListView.class);
        view.gridResized(992);
        assertEquals(List.of("name", "connection", "state", "cpu", "memory", "actions"), visibleColumns(grid));
        // A 1280-pixel window leaves the grid 992 pixels beside the drawer; an 800-pixel one 768 pixels
        // (the drawer folds away).
        view.gridResized(768);
        assertEquals(List.of("name", "state", "cpu", "actions"), visibleColumns(grid));
        view.gridResized(320);
        assertEquals(List.of("name", "state", "actions"), visibleColumns(grid));
        view.gridResized(1400);
        assertEquals(List.of("name", "connection", "state", "cpu", "memory", "actions"), visibleColumns(grid),
                "the provider column shows only when there are several providers");
    }

    private static List<String> visibleColumns(Grid<VmRef> grid) {
        return grid.getColumns().stream().filter(Grid.Column::isVisible).map(Grid.Column::getKey).toList();
    }

    private static String rowText(Grid<VmRef> grid, String name) {
        return row(grid, name).errorText();
    }

    @Test
    void forceOffAsksFirst() throws Exception {
        provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));

        pick(grid, "web", "Force off…");
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertEquals("Force off web?", ConfirmDialogKt.getHeader(confirm));
        assertEquals("error primary", confirm.getElement().getProperty("confirmTheme"), "the guest loses what it has not saved");
        assertTrue(provider.calls.isEmpty(), "nothing happens before the person confirms");
        ConfirmDialogKt._fireConfirm(confirm);
        eventually(() -> assertEquals("Shut off", stateText(grid, "web")));
        assertEquals(List.of("FORCE_OFF web"), provider.calls);
    }

    @Test
    void showsBannersForDemoLostAndMissingProviders() throws Exception {
        test = TestHangar.start();
        UI.getCurrent().navigate(VmListView.class);
        eventually(() -> assertTrue(banners().stream().anyMatch(t -> t.startsWith("No provider is active")), banners().toString()));

        test.activate(provider);
        eventually(() -> assertTrue(banners().stream().anyMatch(t -> t.startsWith("Demo data: connection “Test test”")),
                banners().toString()));
        assertFalse(banners().stream().anyMatch(t -> t.startsWith("No provider")));
        provider.connection(ConnectionStatus.State.LOST, "End of file while reading data");
        eventually(() -> assertTrue(banners().stream().anyMatch(
                t -> t.contains("is lost: End of file while reading data")), banners().toString()));
    }

    private static List<String> banners() {
        return _find(Banner.class).stream().map(Banner::text).toList();
    }

    @Test
    void aHostileNameIsShownAsText() throws Exception {
        String name = "<img src=x onerror=alert(1)>";
        provider.put(provider.vm(name, VmStates.RUNNING));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        // The name goes to the browser as a value that the row's template binds as text (ConsoleIT
        // checks what Chromium makes of it); the link's address carries it encoded.
        assertEquals(name, GridKt._get(grid, 0).name());
        assertFalse(row(grid, name).href().contains("<"), row(grid, name).href());
    }

    @Test
    void liveChangesUpdateRowsAndCountWithoutReload() throws Exception {
        provider.put(provider.vm("a", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));

        provider.put(provider.vm("a", VmStates.RUNNING));
        eventually(() -> assertEquals("Running", stateText(grid, "a")));
        provider.put(provider.vm("b", VmStates.RUNNING));
        eventually(() -> assertEquals(List.of("a", "b"), names(grid)));
        assertEquals("2 of 2 VMs shown", count());
        provider.remove(provider.vm("a", VmStates.RUNNING).ref());
        eventually(() -> assertEquals(List.of("b"), names(grid)));
    }

    @Test
    void tenThousandVmsListAndOneChangeShowsWithoutRebuildingTheList() throws Exception {
        test = TestHangar.start(provider);
        List<Vm> vms = IntStream.range(0, 10_000)
                .mapToObj(i -> provider.vm(String.format("vm-%05d", i), VmStates.SHUT_OFF)).toList();
        test.hangar.store().dispatch(dev.hangar.plugins.state.VmActions.INSTANCE.replaceVms("test", TestProvider.CONNECTION, vms));
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(10_000, GridKt._size(grid)));
        assertEquals("10000 of 10000 VMs shown", count());
        provider.put(vms.get(4_242).withState(VmStates.RUNNING, null));
        eventually(() -> assertEquals("Running", stateText(grid, "vm-04242")));
        assertEquals("vm-04242", GridKt._get(grid, 4_242).name(), "the order stayed, no VM moved");
    }

    @Test
    void changedFindsOnlyTheVmsThatChanged() throws Exception {
        Vm a = provider.put(provider.vm("a", VmStates.SHUT_OFF));
        provider.put(provider.vm("b", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
        var store = test.hangar.store();
        var before = store.getState().get(dev.hangar.host.state.VmsState.BRANCH, dev.hangar.host.state.VmsState.class);
        provider.put(a.withState(VmStates.RUNNING, null));
        provider.usage(a, 1, 1, 5);
        var after = store.getState().get(dev.hangar.host.state.VmsState.BRANCH, dev.hangar.host.state.VmsState.class);
        assertEquals(java.util.Set.of(a.ref()), VmListModel.changed(before, after));
    }

    @Test
    void aStatsTickThatChangesNothingShownRefreshesNoRow() throws Exception {
        Vm a = provider.put(provider.vm("a", VmStates.RUNNING));
        Vm b = provider.put(provider.vm("b", VmStates.RUNNING));
        test = TestHangar.start(provider);
        var store = test.hangar.store();
        provider.usage(a, 12.5, 2048, 1000);
        provider.usage(b, 40.0, 4096, 1000);
        var before = store.getState().get(dev.hangar.host.state.VmsState.BRANCH, dev.hangar.host.state.VmsState.class);
        provider.usage(a, 12.51, 2048, 4000);
        provider.usage(b, 41.0, 4096, 4000);
        var after = store.getState().get(dev.hangar.host.state.VmsState.BRANCH, dev.hangar.host.state.VmsState.class);
        assertEquals(java.util.Set.of(b.ref()), VmListModel.changed(before, after),
                "a's new sample shows the same 12.5 % and memory; only b's row changes");
    }

    @Test
    void detachingTheListOrClosingItsTabEndsItsSubscription() throws Exception {
        test = TestHangar.start(provider);
        open();
        assertEquals(1, Live.active(), "the list subscribes when it attaches");
        _get(MainLayout.class).setContent(null);
        assertEquals(0, Live.active(), "a detached list keeps no subscription");
        UI.getCurrent().navigate(PluginsView.class);
        open();
        assertEquals(1, Live.active());
        // What Vaadin does with the UI of a closed tab: close it, then remove it from its session.
        UI ui = UI.getCurrent();
        ui.close();
        VaadinSession.getCurrent().removeUI(ui);
        assertEquals(0, Live.active(), "a closed tab keeps no subscription");
    }

    @Test
    void theStateTooltipSaysWhyAsText() throws Exception {
        Vm off = provider.put(provider.vm("off", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
        Grid<VmRef> grid = open();
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        assertEquals("Shut off", row(grid, "off").stateTooltip(), "no reason given, none said");
        provider.put(off.withState(VmStates.SHUT_OFF, "destroyed <i>by hand</i>"));
        eventually(() -> assertEquals("Shut off (destroyed <i>by hand</i>)", row(grid, "off").stateTooltip()));
    }

    @Test
    void theNameFilterIgnoresCaseTheSameInEveryLocale() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        // Turkish lower-cases "I" to a dotless "ı": "WIN-01" must still match "win".
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        try {
            provider.put(provider.vm("WIN-01", VmStates.RUNNING));
            provider.put(provider.vm("db", VmStates.RUNNING));
            test = TestHangar.start(provider);
            Grid<VmRef> grid = open();
            eventually(() -> assertEquals(2, GridKt._size(grid)));
            _get(TextField.class, spec -> spec.withClasses("name-filter")).setValue("win");
            assertEquals(List.of("WIN-01"), names(grid));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
