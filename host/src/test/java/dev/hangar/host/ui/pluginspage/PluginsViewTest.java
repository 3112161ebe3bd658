package dev.hangar.host.ui.pluginspage;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import dev.hangar.host.plugins.PluginInfo;
import dev.hangar.host.security.Role;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Plugins page over the real plugin service, with the real plugin-example JAR dropped in while running. */
class PluginsViewTest {
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    @SuppressWarnings("unchecked")
    private static Grid<PluginInfo> grid() {
        return _get(Grid.class, spec -> spec.withClasses("plugin-grid"));
    }

    private static PluginInfo row(String id) {
        Grid<PluginInfo> grid = grid();
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i))
                .filter(p -> id.equals(p.id())).findFirst().orElseThrow(() -> new AssertionError("no row " + id));
    }

    private static Button button(String id, String css) {
        Grid<PluginInfo> grid = grid();
        int index = IntStream.range(0, GridKt._size(grid)).filter(i -> id.equals(GridKt._get(grid, i).id())).findFirst().orElseThrow();
        return _get(GridKt._getCellComponent(grid, index, "actions"), Button.class, spec -> spec.withClasses(css));
    }


    @Test
    void rescanLoadsADroppedJarAndUnloadReloadFollowInOpenPages() throws Exception {
        test = TestHangar.start();
        UI.getCurrent().navigate(PluginsView.class);
        eventually(() -> assertEquals(0, GridKt._size(grid())));

        Files.copy(TestHangar.builtPlugin("plugin-example"), test.pluginsDir().resolve("example.jar"));
        _get(Button.class, spec -> spec.withClasses("plugins-rescan")).click();
        eventually(() -> assertEquals(PluginInfo.State.ACTIVE, row("example").state()));
        eventually(() -> assertTrue(GridKt._getFormattedRow(grid(), 0).contains("example (active)"),
                GridKt._getFormattedRow(grid(), 0).toString()));

        // A page of one of its VMs shows its tab; unloading drops it there, reloading brings it back.
        eventually(() -> assertFalse(vms().isEmpty()));
        Vm vm = vms().get(0);
        UI.getCurrent().navigate(VmAddress.of(vm.ref()).path());
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains("Operations"), TestHangar.vmTabNames().toString()));
        test.hangar.pluginService().unload(TestHangar.actor(), "example").toCompletableFuture().get();
        eventually(() -> assertFalse(TestHangar.vmTabNames().contains("Operations"), TestHangar.vmTabNames().toString()));

        UI.getCurrent().navigate(PluginsView.class);
        eventually(() -> assertEquals(PluginInfo.State.UNLOADED, row("example").state()));
        assertTrue(_find(GridKt._getCellComponent(grid(), 0, "actions"), Button.class,
                spec -> spec.withClasses("plugin-unload")).isEmpty(), "an unloaded plugin can only be reloaded");
        button("example", "plugin-reload").click();
        eventually(() -> assertEquals(PluginInfo.State.ACTIVE, row("example").state()));

        button("example", "plugin-unload").click();
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        eventually(() -> assertEquals(PluginInfo.State.UNLOADED, row("example").state()));
        eventually(() -> assertTrue(vms().isEmpty(), "its VMs left the store"));
    }

    private List<Vm> vms() {
        return List.copyOf(test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class).vms().values());
    }

    private static List<String> texts(String id, String css) {
        return texts(id, "problems", css);
    }

    /** The texts of the spans of class {@code css} in the plugin's cell of {@code column}. */
    private static List<String> texts(String id, String column, String css) {
        Grid<PluginInfo> grid = grid();
        int index = IntStream.range(0, GridKt._size(grid)).filter(i -> id.equals(GridKt._get(grid, i).id())).findFirst().orElseThrow();
        return _find(GridKt._getCellComponent(grid, index, column), Span.class, spec -> spec.withClasses(css))
                .stream().map(Span::getText).toList();
    }

    @Test
    void aPluginSwitchedOffOnPurposeIsNoProblemAndAnInitTimeoutIsSaidOnce() throws Exception {
        Path jars = Files.createTempDirectory("plugins-view-jars");
        dev.hangar.host.plugins.TestProvider.named("hangs").with("init", "return new CompletableFuture<>();")
                .jar("hangs").writeTo(jars, "hangs.jar");
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-example"), jars.resolve("hangs.jar")),
                List.of("--disable-plugin", "example", "--option", "plugin-init-timeout=1s"));
        UI.getCurrent().navigate(PluginsView.class);
        eventually(() -> assertEquals(PluginInfo.State.FAILED, row("hangs").state()));

        assertEquals(List.of("disabled by configuration (--disable-plugin example)"), texts("example", "plugin-note"));
        assertEquals(List.of(), texts("example", "plugin-problem"), "not listed as a problem");
        assertEquals(List.of("provider 'hangs': init did not complete within 1 s"), texts("hangs", "plugin-problem"));
    }

    @Test
    void onlyAdministratorsGetTheButtons() throws Exception {
        test = TestHangar.start();
        Files.copy(TestHangar.builtPlugin("plugin-example"), test.pluginsDir().resolve("example.jar"));
        test.hangar.pluginService().rescan(TestHangar.actor()).toCompletableFuture().get();
        TestHangar.signIn(Role.OPERATOR);
        UI.getCurrent().navigate(PluginsView.class);
        eventually(() -> assertEquals(PluginInfo.State.ACTIVE, row("example").state()));
        assertTrue(_find(Button.class, spec -> spec.withClasses("plugins-rescan")).isEmpty());
        assertTrue(grid().getColumnByKey("actions") == null, "no actions column for operators");
    }

    private static List<String> about(String id, String css) {
        return texts(id, "id", css);
    }

    @Test
    void showsWhoMadeAPluginAndWhatItIsAndUnloadIsNoDanger() throws Exception {
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-example")), List.of());
        UI.getCurrent().navigate(PluginsView.class);
        eventually(() -> assertEquals(PluginInfo.State.ACTIVE, row("example").state()));
        assertEquals(List.of("example"), about("example", "plugin-id"));
        assertEquals(List.of("by Hangar"), about("example", "plugin-vendor"), "its Plugin-Provider");
        assertEquals(List.of("A complete example provider over a simulated remote engine, using every extension point: "
                + "the template other teams copy."), about("example", "plugin-description"), "its Plugin-Description");

        // Unloading loses nothing (the VMs keep running, reload brings it back): a plain confirm button.
        button("example", "plugin-unload").click();
        assertEquals("primary", _get(ConfirmDialog.class).getElement().getProperty("confirmTheme"));
    }
}
