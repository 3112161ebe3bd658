package dev.hangar.host.ui.vmdetails;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.QueryParameters;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.ui.components.Banner;
import dev.hangar.host.ui.components.ErrorNote;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.SvgChart;
import dev.hangar.host.ui.usage.UsageTab;
import dev.hangar.host.ui.vmlist.VmListView;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VmDetailsViewTest {
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;
    private Vm web;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private VmDetailsView open(String state) throws Exception {
        web = provider.put(provider.vm("web", state));
        test = TestHangar.start(provider);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        VmDetailsView view = _get(VmDetailsView.class);
        eventually(() -> assertTrue(tabs().isVisible()));
        return view;
    }

    private static TabSheet tabs() {
        return _get(TabSheet.class, spec -> spec.withClasses("vm-tabs"));
    }


    private static Component select(String name) {
        return TestHangar.vmTab(name);
    }

    /** A part of the page above the subtabs: {@code vm-overview}, {@code vm-usage}. */
    private static Component part(String className) {
        return _get(Div.class, spec -> spec.withClasses(className));
    }

    private static List<String> banners() {
        return _find(Banner.class).stream().map(Banner::text).toList();
    }

    @Test
    void showsTheHeaderAndTheHostsSubtabs() throws Exception {
        open(VmStates.RUNNING);
        assertEquals("web", _get(H2.class, spec -> spec.withClasses("vm-title")).getText());
        assertEquals(List.of("Disks", "Network interfaces", "Devices", "Snapshots"), TestHangar.vmTabNames());
        assertEquals("Shut down", _get(Button.class, spec -> spec.withClasses("vm-primary-action")).getText());

        Component overview = part("vm-overview");
        assertEquals("2", _get(overview, Span.class, spec -> spec.withClasses("overview-vcpus")).getText());
        assertEquals("1 GiB (maximum 2 GiB)", _get(overview, Span.class, spec -> spec.withClasses("overview-memory")).getText());
        assertEquals("hd, network", _get(overview, Span.class, spec -> spec.withClasses("overview-boot-order")).getText());
        assertEquals("Test test (test:///ui)", _get(overview, Span.class, spec -> spec.withClasses("overview-connection")).getText());
        assertEquals("uuid-test-web", _get(overview, Span.class, spec -> spec.withClasses("overview-uuid")).getText());
        assertEquals("pc-q35-7.2", _get(overview, Span.class, spec -> spec.withClasses("overview-machine")).getText());

        Component nics = select("Network interfaces");
        @SuppressWarnings("unchecked")
        Grid<VmNic> nicGrid = _get(nics, Grid.class);
        assertEquals(List.of("network", "default", "virtio", "52:54:00:12:34:56", "up", "vnet0"),
                GridKt._getFormattedRow(nicGrid, 0));

        Component disks = select("Disks");
        @SuppressWarnings("unchecked")
        Grid<VmDisk> diskGrid = _get(disks, Grid.class);
        assertEquals(3, GridKt._size(diskGrid));
        assertEquals(List.of("vda", "disk", "virtio", "/var/lib/images/web.qcow2", "qcow2", "20 GiB / 3 GiB"),
                GridKt._getFormattedRow(diskGrid, 0));
        assertEquals(List.of("hdc", "cdrom", "sata", "—", "—", "— / —"), GridKt._getFormattedRow(diskGrid, 2));
    }

    @Test
    void overviewUsageAndConsoleAreTogetherAboveTheSubtabs() throws Exception {
        open(VmStates.RUNNING);
        Div top = _get(Div.class, spec -> spec.withClasses("vm-top"));
        eventually(() -> assertTrue(top.hasClassName("with-console")));
        List<String> parts = top.getChildren().map(c -> c.getClassNames().iterator().next()).toList();
        assertEquals(List.of("vm-summary", "console-area"), parts);
        Component summary = top.getChildren().findFirst().orElseThrow();
        assertEquals(List.of("vm-usage", "vm-overview"),
                summary.getChildren().map(c -> c.getClassNames().iterator().next()).toList());
        assertTrue(part("vm-overview").getChildren().anyMatch(HostCard.class::isInstance), "the host card (hidden here: no host information)");
        _get(part("vm-usage"), UsageTab.class);
        List<Component> order = _get(VmDetailsView.class).getChildren().toList();
        assertTrue(order.indexOf(top) < order.indexOf(tabs()), "the subtabs below");
    }

    @Test
    void theSelectedSubtabIsInTheAddress() throws Exception {
        provider.tabs = List.of(new VmTab("Snapshots and backups", ctx -> new Span("snapshots of " + ctx.vm().name())));
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        String path = VmAddress.of(web.ref()).path();
        UI.getCurrent().navigate(path, QueryParameters.of(VmDetailsView.TAB, "nics"));
        eventually(() -> assertEquals("Network interfaces", selectedTab()));

        select("Devices");
        assertEquals(java.util.Optional.of("devices"), tabInAddress());
        assertEquals("Devices", selectedTab());
        select("Snapshots and backups");
        assertEquals(java.util.Optional.of("snapshots-and-backups"), tabInAddress());

        // Opened afresh (a bookmark, a reload): the provider's tab is selected once the provider made it.
        UI.getCurrent().navigate(VmListView.class);
        UI.getCurrent().navigate(path, QueryParameters.of(VmDetailsView.TAB, "snapshots-and-backups"));
        eventually(() -> assertEquals("Snapshots and backups", selectedTab()));
        assertEquals("snapshots of web", _get(tabs().getComponent(tabs().getSelectedTab()), Span.class).getText());

        UI.getCurrent().navigate(VmListView.class);
        UI.getCurrent().navigate(path, QueryParameters.of(VmDetailsView.TAB, "no-such-tab"));
        eventually(() -> assertEquals("Disks", selectedTab()));
        UI.getCurrent().navigate(VmListView.class);
        UI.getCurrent().navigate(path);
        eventually(() -> assertEquals("Disks", selectedTab()));
        assertEquals(java.util.Optional.empty(), tabInAddress(), "the default needs no parameter");
    }

    private static String selectedTab() {
        return tabs().getSelectedTab().getLabel();
    }

    private static java.util.Optional<String> tabInAddress() {
        return UI.getCurrent().getInternals().getActiveViewLocation().getQueryParameters()
                .getSingleParameter(VmDetailsView.TAB);
    }

    @Test
    void providerTabsColumnsAndActionsJoinTheirPlaces() throws Exception {
        provider.tabs = List.of(new VmTab("Console", ctx -> new Span("console of " + ctx.vm().name())));
        provider.diskColumns = List.of(new DiskColumn("Pool", 1, (vm, target) -> "pool-" + target),
                new DiskColumn("Last", 99, (vm, target) -> new Span("last " + target)));
        provider.diskActions = ctx -> List.of(new Button("Snapshot all disks of " + ctx.vm().name()));
        open(VmStates.RUNNING);
        assertEquals(List.of("Disks", "Network interfaces", "Devices", "Snapshots", "Console"), TestHangar.vmTabNames());

        Component console = select("Console");
        assertEquals("console of web", _get(console, Span.class).getText());

        Component disks = select("Disks");
        @SuppressWarnings("unchecked")
        Grid<VmDisk> grid = _get(disks, Grid.class);
        List<String> headers = grid.getColumns().stream().map(c -> c.getHeaderText()).toList();
        assertEquals(List.of("Target", "Pool", "Device", "Bus", "Source", "Format", "Capacity / allocation", "Last"), headers);
        assertEquals("pool-vda", ((Span) GridKt._getCellComponent(grid, 0, grid.getColumns().get(1).getKey() == null
                ? setKey(grid, 1) : grid.getColumns().get(1).getKey())).getText());
        _get(disks, Button.class, spec -> spec.withText("Snapshot all disks of web"));
    }

    private static String setKey(Grid<?> grid, int index) {
        grid.getColumns().get(index).setKey("column-" + index);
        return "column-" + index;
    }

    @Test
    void aContributionThatThrowsFailsInItsOwnPlaceOnly() throws Exception {
        provider.tabs = List.of(new VmTab("Broken", ctx -> {
            throw new IllegalStateException("the tab could not reach its engine");
        }), new VmTab("Fine", ctx -> new Span("fine")));
        provider.diskColumns = List.of(new DiskColumn("Bad", 0, (vm, target) -> {
            throw new IllegalArgumentException("no pool for " + target);
        }));
        open(VmStates.RUNNING);

        Component broken = select("Broken");
        assertEquals("tab 'Broken' failed: the tab could not reach its engine",
                broken.getElement().getTextRecursively().strip());
        assertEquals("fine", _get(select("Fine"), Span.class).getText());

        Component disks = select("Disks");
        @SuppressWarnings("unchecked")
        Grid<VmDisk> grid = _get(disks, Grid.class);
        Span cell = (Span) GridKt._getCellComponent(grid, 0, setKey(grid, 0));
        assertEquals("failed", cell.getText());
        assertEquals("disk column 'Bad' for vda failed: no pool for vda", cell.getElement().getAttribute("title"));
        assertEquals("vda", GridKt._getFormatted(grid, 0, "target"), "the host's columns still work");
        assertEquals("Disks", TestHangar.vmTabNames().get(0));
    }

    @Test
    void aFactoryListThatThrowsShowsItsErrorAsATab() throws Exception {
        TestProvider throwing = new TestProvider("test") {
            @Override
            public List<VmTab> vmTabs() {
                throw new UnsupportedOperationException("tabs are broken");
            }
        };
        web = throwing.put(throwing.vm("web", VmStates.RUNNING));
        test = TestHangar.start(throwing);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertEquals(List.of("Disks", "Network interfaces", "Devices", "Snapshots", "Provider test"), TestHangar.vmTabNames()));
        assertEquals("tabs of provider test failed: tabs are broken",
                select("Provider test").getElement().getTextRecursively().strip());
    }

    @Test
    void aProviderTabFollowsTheStoreWhileOpenAndLetsGoWhenClosed() throws Exception {
        AtomicInteger disposed = new AtomicInteger();
        provider.tabs = List.of(new VmTab("Count", ctx -> {
            Span count = new Span();
            ctx.onUi(ctx.select(s -> s.get(VmsState.BRANCH, VmsState.class).vms().size())
                    .doOnDispose(disposed::incrementAndGet), n -> count.setText(n + " VMs"));
            return count;
        }));
        open(VmStates.RUNNING);
        Span count = _get(select("Count"), Span.class);
        eventually(() -> assertEquals("1 VMs", count.getText()));
        provider.put(provider.vm("db", VmStates.SHUT_OFF));
        eventually(() -> assertEquals("2 VMs", count.getText()));

        UI.getCurrent().navigate(VmListView.class);
        assertEquals(1, disposed.get(), "leaving the page ends the tab's subscription");
    }

    @Test
    void usageIsLiveWithAHistoryChart() throws Exception {
        open(VmStates.RUNNING);
        Component usage = part("vm-usage");
        long now = test.clock.millis();
        provider.usage(web, 10, 256 * 1024, now - 3_000);
        eventually(() -> assertEquals("10.0 %", _get(usage, Span.class, spec -> spec.withClasses("usage-cpu")).getText()));
        provider.usage(web, 30, 512 * 1024, now);
        eventually(() -> assertEquals("30.0 %", _get(usage, Span.class, spec -> spec.withClasses("usage-cpu")).getText()));
        assertEquals("512 MiB of 1 GiB", _get(usage, Span.class, spec -> spec.withClasses("usage-memory")).getText());
        assertEquals(2, _get(UsageTab.class).samples());
        SvgChart cpu = _get(usage, SvgChart.class, spec -> spec.withClasses("usage-cpu-chart"));
        // Ten minutes are 300 units wide and 100 % is the chart's top: the samples 3 s apart at 10 % and 30 %.
        assertTrue(cpu.markup().contains("<polyline class='line' points='298.5,72.0 300.0,56.0'/>"), cpu.markup());
    }

    @Test
    void theUsageChartsOpenWithTheLastMinutesKeptByTheHostAndHaveAScaleAndTimes() throws Exception {
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        UI.getCurrent().navigate(VmListView.class);
        // Samples arrive while nobody looks at the VM's page.
        long now = test.clock.millis();
        provider.usage(web, 10, 256 * 1024, now - 9 * 60_000);
        provider.usage(web, 30, 512 * 1024, now - 3 * 60_000);
        provider.usage(web, 50, 768 * 1024, now);
        eventually(() -> assertEquals(3, test.hangar.usageHistories().samples(web.ref()).size()));

        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertTrue(tabs().isVisible()));
        Component usage = part("vm-usage");
        SvgChart cpu = _get(usage, SvgChart.class, spec -> spec.withClasses("usage-cpu-chart"));
        eventually(() -> assertEquals(3, _get(UsageTab.class).samples()));
        // The window is the last ten minutes, 300 units wide; 100 % is the top, 80 units high.
        assertTrue(cpu.markup().contains("<polyline class='line' points='30.0,72.0 210.0,56.0 300.0,40.0'/>"), cpu.markup());
        List<String> times = IntStream.of(8, 6, 4, 2, 0).mapToObj(m -> Formats.minute(now - m * 60_000L)).toList();
        assertEquals(concat(List.of("0 %", "50 %", "100 %"), times), cpu.labels());
        SvgChart memory = _get(usage, SvgChart.class, spec -> spec.withClasses("usage-memory-chart"));
        assertEquals(concat(List.of("0 B", "512 MiB", "1 GiB"), times), memory.labels());

        // Away and back a minute later: the page opens with what the host kept meanwhile.
        UI.getCurrent().navigate(VmListView.class);
        test.clock.advance(java.time.Duration.ofMinutes(1));
        provider.usage(web, 20, 512 * 1024, now + 60_000);
        eventually(() -> assertEquals(4, test.hangar.usageHistories().samples(web.ref()).size()));
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertTrue(tabs().isVisible()));
        SvgChart again = _get(part("vm-usage"), SvgChart.class, spec -> spec.withClasses("usage-cpu-chart"));
        eventually(() -> assertEquals(4, _get(UsageTab.class).samples()));
        assertTrue(again.markup().contains("points='0.0,72.0 180.0,56.0 270.0,40.0 300.0,64.0'"), again.markup());

        // Eight minutes on, the samples older than ten minutes are past the window and gone.
        test.clock.advance(java.time.Duration.ofMinutes(8));
        assertEquals(2, test.hangar.usageHistories().samples(web.ref()).size());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void aFailureShowsInFullBelowTheHeaderUntilSomeoneWhoMayDismissesIt() throws Exception {
        open(VmStates.RUNNING);
        String message = "The guest did not react to the reboot request within 2 s; it may have no OS or no ACPI "
                + "support. Use Force reboot. " + "libvirt said more: ".repeat(12);
        provider.failNext(VmVerb.REBOOT, message);
        ContextMenuKt._clickItemWithCaption(_get(MenuBar.class, spec -> spec.withClasses("vm-menu")), "Reboot");
        eventually(() -> assertEquals(message, _get(Div.class, spec -> spec.withClasses("vm-error-message")).getText()));
        assertEquals("Reboot failed", _get(Span.class, spec -> spec.withClasses("vm-error-title")).getText());
        ErrorNote note = _get(ErrorNote.class);
        HorizontalLayout header = _get(HorizontalLayout.class, spec -> spec.withClasses("vm-header"));
        assertFalse(note.getParent().flatMap(Component::getParent).filter(header::equals).isPresent()
                || note.getParent().filter(header::equals).isPresent(), "the note is not in the header row");
        assertEquals("Shut down", _get(Button.class, spec -> spec.withClasses("vm-primary-action")).getText());

        // A viewer reads it but may not dismiss it for everyone, neither with a button nor around it.
        TestHangar.signIn(Role.VIEWER);
        UI.getCurrent().navigate(VmListView.class);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertEquals(message, _get(Div.class, spec -> spec.withClasses("vm-error-message")).getText()));
        assertTrue(_find(Button.class, spec -> spec.withClasses("vm-error-dismiss")).isEmpty());
        VmError error = errors().get(web.ref());
        Throwable refused = assertThrows(ExecutionException.class,
                () -> test.hangar.commands().dismissError(TestHangar.actor(), web.ref(), error).toCompletableFuture().get()).getCause();
        assertInstanceOf(AccessDeniedException.class, refused);
        assertTrue(errors().containsKey(web.ref()));

        TestHangar.signIn(Role.OPERATOR);
        UI.getCurrent().navigate(VmListView.class);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> _get(Button.class, spec -> spec.withClasses("vm-error-dismiss")));
        _get(Button.class, spec -> spec.withClasses("vm-error-dismiss")).click();
        eventually(() -> assertTrue(_find(ErrorNote.class).isEmpty()));
        assertFalse(errors().containsKey(web.ref()));
        List<AuditEntry> audit = test.hangar.security().audit().last(10);
        assertTrue(audit.stream().anyMatch(e -> e.verb().equals("dismiss_error") && e.result().equals(AuditEntry.OK)
                && e.user().equals("operator-user")), audit.toString());
        assertTrue(audit.stream().anyMatch(e -> e.verb().equals("dismiss_error") && e.result().equals(AuditEntry.REFUSED)),
                audit.toString());
    }

    private java.util.Map<dev.hangar.plugins.vm.VmRef, VmError> errors() {
        return test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class).errors();
    }

    @Test
    void aVmThatVanishesStaysOnThePageMarkedAsGone() throws Exception {
        provider.tabs = List.of(new VmTab("Console", ctx -> new Span("console")));
        open(VmStates.RUNNING);
        provider.remove(web.ref());
        eventually(() -> assertTrue(banners().stream().anyMatch(b -> b.startsWith("VM web no longer exists")), banners().toString()));
        assertEquals("web", _get(H2.class, spec -> spec.withClasses("vm-title")).getText());
        assertTrue(tabs().isVisible());
        assertTrue(_find(Button.class, spec -> spec.withClasses("vm-primary-action")).isEmpty(), "no action on a VM that is gone");

        provider.put(web);
        eventually(() -> assertFalse(banners().stream().anyMatch(b -> b.startsWith("VM web no longer exists"))));
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains("Console")));
    }

    @Test
    void unloadingTheProviderDropsItsTabsAndColumns() throws Exception {
        provider.tabs = List.of(new VmTab("Console", ctx -> new Span("console")));
        provider.diskColumns = List.of(new DiskColumn("Pool", 1, (vm, target) -> "pool"));
        provider.diskActions = ctx -> List.of(new Button("Snapshot all disks of " + ctx.vm().name()));
        open(VmStates.RUNNING);
        select("Disks");
        assertFalse(_find(Button.class, spec -> spec.withText("Snapshot all disks of web")).isEmpty());
        select("Console");
        test.hangar.providers().deactivate("plugin-test");
        eventually(() -> assertEquals(List.of("Disks", "Network interfaces", "Devices"), TestHangar.vmTabNames()));
        @SuppressWarnings("unchecked")
        Grid<VmDisk> grid = _get(select("Disks"), Grid.class);
        assertFalse(grid.getColumns().stream().anyMatch(c -> "Pool".equals(c.getHeaderText())));
        eventually(() -> assertTrue(_find(Button.class, spec -> spec.withText("Snapshot all disks of web")).isEmpty()));
        // The provider leaves the registry before its VMs leave the store: the page may see the two apart.
        eventually(() -> assertTrue(banners().stream().anyMatch(b -> b.startsWith("VM web no longer exists")),
                banners().toString()));
    }

    @Test
    void unloadingTheProviderWhileItsDiskActionsShowDropsThem() throws Exception {
        provider.diskActions = ctx -> List.of(new Button("Snapshot all disks of " + ctx.vm().name()));
        open(VmStates.RUNNING);
        select("Disks");
        assertFalse(_find(Button.class, spec -> spec.withText("Snapshot all disks of web")).isEmpty());
        test.hangar.providers().deactivate("plugin-test");
        eventually(() -> assertTrue(banners().stream().anyMatch(b -> b.startsWith("VM web no longer exists")),
                banners().toString()));
        eventually(() -> assertTrue(_find(Button.class, spec -> spec.withText("Snapshot all disks of web")).isEmpty()));
    }

    @Test
    void actsFromTheHeaderAndReturnsToTheListAfterDelete() throws Exception {
        open(VmStates.RUNNING);
        _get(Button.class, spec -> spec.withClasses("vm-primary-action")).click();
        eventually(() -> assertEquals("Run", _get(Button.class, spec -> spec.withClasses("vm-primary-action")).getText()));
        assertEquals(List.of("SHUTDOWN web"), provider.calls);
    }

    @Test
    void anUnknownAddressSaysSoPlainly() throws Exception {
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        UI.getCurrent().navigate(new VmAddress("test", TestProvider.CONNECTION, "nope").path());
        eventually(() -> assertEquals(List.of("There is no VM named nope on connection test:///ui of provider test."), banners()));
        assertTrue(_find(TabSheet.class).isEmpty(), "no tabs for a VM that is not there");
        UI.getCurrent().navigate("vm/test/not*base64/x");
        assertInstanceOf(VmDetailsView.class, UI.getCurrent().getInternals().getActiveRouterTargetsChain().get(0));
        eventually(() -> assertEquals(List.of("This is not the address of a VM."), banners()));
    }

    @Test
    void aStoppedVmShowsNoUsageNowButKeepsItsChart() throws Exception {
        open(VmStates.RUNNING);
        Component usage = part("vm-usage");
        provider.usage(web, 30, 512 * 1024, test.clock.millis());
        eventually(() -> assertEquals("30.0 %", _get(usage, Span.class, spec -> spec.withClasses("usage-cpu")).getText()));
        // The store keeps the VM's last sample after it stopped: the tab must not show it as now.
        provider.put(web.withState(VmStates.SHUT_OFF, "shutdown"));
        eventually(() -> assertEquals(Formats.UNKNOWN, _get(usage, Span.class, spec -> spec.withClasses("usage-cpu")).getText()));
        assertEquals(Formats.UNKNOWN + " of 1 GiB", _get(usage, Span.class, spec -> spec.withClasses("usage-memory")).getText());
        assertEquals(1, _get(UsageTab.class).samples(), "the chart keeps the minutes it ran");
    }

    @Test
    void theStateReasonIsShownAsText() throws Exception {
        open(VmStates.RUNNING);
        assertTrue(_find(Span.class, spec -> spec.withClasses("vm-state-reason")).isEmpty(), "no reason given, none shown");
        provider.put(web.withState(VmStates.SHUT_OFF, "destroyed <b>now</b>"));
        eventually(() -> assertEquals("(destroyed <b>now</b>)",
                _get(Span.class, spec -> spec.withClasses("vm-state-reason")).getText()));
    }

    @Test
    void theActionMenuIsTheSameInEveryLocale() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        // Turkish lower-cases "I" to a dotless "ı": "SEND_NMI" must still be vm-action-send-nmi.
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        try {
            open(VmStates.RUNNING);
            MenuBar menu = _get(MenuBar.class, spec -> spec.withClasses("vm-menu"));
            List<String> classes = menu.getItems().get(0).getSubMenu().getItems().stream()
                    .map(item -> item.getClassName()).toList();
            assertTrue(classes.contains("vm-action-send-nmi"), classes.toString());
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void aTextDiskCellIsDrawnAgainWhenWhatItReadsChangesThoughTheVmDoesNot() throws Exception {
        // The cell reads the store (here the usage samples; a provider, its own branch), not the VM.
        provider.diskColumns = List.of(new DiskColumn("CPU", 1, (ctx, target) -> ctx.getState()
                .get(VmsState.BRANCH, VmsState.class).usage().containsKey(ctx.vm().ref()) ? "sampled" : "none"));
        open(VmStates.RUNNING);
        @SuppressWarnings("unchecked")
        Grid<VmDisk> grid = _get(select("Disks"), Grid.class);
        String key = setKey(grid, 1);
        assertEquals("none", ((Span) GridKt._getCellComponent(grid, 0, key)).getText());
        AtomicInteger redrawn = new AtomicInteger();
        grid.getDataProvider().addDataProviderListener(e -> redrawn.incrementAndGet());
        provider.usage(web, 5, 1024, test.clock.millis());
        eventually(() -> assertEquals(1, redrawn.get(), "the VM is the same; the cell's text is not"));
        assertEquals("sampled", ((Span) GridKt._getCellComponent(grid, 0, key)).getText());
        // What a browser does after a refresh: every row is drawn again (and so recorded as drawn).
        IntStream.range(1, GridKt._size(grid)).forEach(row -> GridKt._getCellComponent(grid, row, key));
        provider.usage(web, 6, 1024, test.clock.millis());
        provider.put(web.withState(VmStates.RUNNING, "unpaused"));
        eventually(() -> assertEquals(2, redrawn.get(), "the VM's change redraws"));
        assertEquals(2, redrawn.get(), "a change the text does not show redraws nothing");
    }
}
