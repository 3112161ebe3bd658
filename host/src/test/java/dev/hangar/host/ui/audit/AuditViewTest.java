package dev.hangar.host.ui.audit;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditViewTest {
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    @Test
    void timesAreShownToTheSecondWithTheWholeInstantAsTooltipAndTheOutcomeComesFirst() throws Exception {
        TestProvider provider = new TestProvider("test");
        Vm web = provider.put(provider.vm("web", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
        test.hangar.commands().run(TestHangar.actor(), web.ref(), VmVerb.START).toCompletableFuture().get();
        AuditEntry entry = test.hangar.security().audit().last(1).get(0);

        UI.getCurrent().navigate(AuditView.class);
        @SuppressWarnings("unchecked")
        Grid<AuditEntry> grid = _get(Grid.class);
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        String time = GridKt._getFormatted(grid, 0, "time");
        assertTrue(time.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), time);
        assertEquals(Formats.dateTime(entry.time()), time);
        assertEquals(entry.time().toString(), grid.getColumnByKey("time").getTooltipGenerator().apply(entry));
        assertEquals(List.of("time", "user", "verb", "result", "target", "message", "options", "address"),
                grid.getColumns().stream().map(Grid.Column::getKey).toList());
        assertEquals(List.of("", "administrator-user (administrator)", "start", "ok", "vm:test/test:///ui/web", "", "", "127.0.0.1"),
                GridKt._getFormattedRow(grid, 0).stream().map(s -> s.equals(time) ? "" : s).toList());
    }
}
