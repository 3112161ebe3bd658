package dev.hangar.host.ui.vmdetails;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.TabSheet;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.TestProvider;
import dev.hangar.host.ui.components.Banner;
import dev.hangar.host.ui.components.SvgChart;
import dev.hangar.host.ui.usage.UsageTab;
import dev.hangar.host.ui.vmlist.VmListView;
import dev.hangar.plugins.state.VmsState;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmStates;
import java.util.List;
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

    private static List<String> banners() {
        return _find(Banner.class).stream().map(Banner::text).toList();
    }

    @Test
    void showsTheHeaderAndTheHostsSubtabs() throws Exception {
        open(VmStates.RUNNING);
        assertEquals("web", _get(H2.class, spec -> spec.withClasses("vm-title")).getText());
        assertEquals(List.of("Overview", "Usage", "Disks", "Network interfaces", "Devices"), TestHangar.vmTabNames());
        assertEquals("Shut down", _get(Button.class, spec -> spec.withClasses("vm-primary-action")).getText());

        Component overview = select("Overview");
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
    void providerTabsColumnsAndActionsJoinTheirPlaces() throws Exception {
        provider.tabs = List.of(new VmTab("Console", ctx -> new Span("console of " + ctx.vm().name())));
        provider.diskColumns = List.of(new DiskColumn("Pool", 1, (vm, target) -> "pool-" + target),
                new DiskColumn("Last", 99, (vm, target) -> new Span("last " + target)));
        provider.diskActions = ctx -> List.of(new Button("Snapshot all disks of " + ctx.vm().name()));
        open(VmStates.RUNNING);
        assertEquals(List.of("Overview", "Usage", "Disks", "Network interfaces", "Devices", "Console"), TestHangar.vmTabNames());

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
        assertEquals("Overview", TestHangar.vmTabNames().get(0));
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
        eventually(() -> assertEquals(List.of("Overview", "Usage", "Disks", "Network interfaces", "Devices", "Provider test"), TestHangar.vmTabNames()));
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
        Component usage = select("Usage");
        provider.usage(web, 10, 256 * 1024, 1_000);
        eventually(() -> assertEquals("10.0 %", _get(usage, Span.class, spec -> spec.withClasses("usage-cpu")).getText()));
        provider.usage(web, 30, 512 * 1024, 4_000);
        eventually(() -> assertEquals("30.0 %", _get(usage, Span.class, spec -> spec.withClasses("usage-cpu")).getText()));
        assertEquals("512 MiB of 1 GiB", _get(usage, Span.class, spec -> spec.withClasses("usage-memory")).getText());
        assertEquals(2, _get(UsageTab.class).samples());
        SvgChart cpu = _get(usage, SvgChart.class, spec -> spec.withClasses("usage-cpu-chart"));
        // Five minutes are 300 units wide and 100 % is the chart's top: the samples 3 s apart at 10 % and 30 %.
        assertTrue(cpu.markup().contains("<polyline class='line' points='297.0,72.0 300.0,56.0'/>"), cpu.markup());
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
        open(VmStates.RUNNING);
        select("Console");
        test.hangar.providers().deactivate("plugin-test");
        eventually(() -> assertEquals(List.of("Overview", "Usage", "Disks", "Network interfaces", "Devices"), TestHangar.vmTabNames()));
        @SuppressWarnings("unchecked")
        Grid<VmDisk> grid = _get(select("Disks"), Grid.class);
        assertFalse(grid.getColumns().stream().anyMatch(c -> "Pool".equals(c.getHeaderText())));
        // The provider leaves the registry before its VMs leave the store: the page may see the two apart.
        eventually(() -> assertTrue(banners().stream().anyMatch(b -> b.startsWith("VM web no longer exists")),
                banners().toString()));
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
}
