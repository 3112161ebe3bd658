package dev.hangar.host.ui.vmlist;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmVerb;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The list over the real libvirt plugin JAR, loaded by PF4J, on a libvirt test-driver fixture. */
class LibvirtListTest {
    private TestHangar test;
    private Path fixture;

    @AfterEach
    void stop() throws Exception {
        test.close();
        Files.deleteIfExists(fixture);
    }

    @Test
    void listsTheFixturesVmsWithLibvirtsStatesAndRunsOne() throws Exception {
        fixture = Files.createTempFile("hangar-ui-libvirt", ".xml");
        try (InputStream in = getClass().getResourceAsStream("/ui/browser-host.xml")) {
            Files.copy(in, fixture, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-libvirt")),
                List.of("--libvirt-uri", "test://" + fixture));
        UI.getCurrent().navigate(VmListView.class);
        @SuppressWarnings("unchecked")
        Grid<VmRef> grid = _get(Grid.class, spec -> spec.withClasses("vm-grid"));
        eventually(() -> assertEquals(4, GridKt._size(grid)));
        List<String> names = IntStream.range(0, 4).mapToObj(i -> GridKt._get(grid, i).name()).toList();
        assertEquals(List.of("<img src=x onerror=alert(1)>", "db", "scratch", "web"), names);

        VmListView list = _get(VmListView.class);
        VmRef db = GridKt._get(grid, 1);
        assertEquals(VmVerb.START, list.row(db).primary());
        list.act(db, VmVerb.START.name());
        eventually(() -> assertEquals(VmVerb.SHUTDOWN, list.row(db).primary()));
        eventually(() -> assertEquals("Running", list.row(db).stateLabel()));
    }
}
