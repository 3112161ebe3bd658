package dev.hangar.host.ui.inspector;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.dom.Element;
import dev.hangar.host.security.Role;
import dev.hangar.host.store.ActionLog;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.plugins.vm.VmStates;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InspectorViewTest {
    /** A VM name that would be markup if anything rendered it as HTML. */
    private static final String MARKUP = "<b>db</b>";

    private TestHangar test;
    private TestProvider provider;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private void start() throws Exception {
        provider = new TestProvider("test");
        provider.put(provider.vm("web", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
    }

    @SuppressWarnings("unchecked")
    private static Grid<ActionLog.Entry> actions() {
        return _get(Grid.class, spec -> spec.withClasses("inspector-actions"));
    }

    private static List<ActionLog.Entry> rows(Grid<ActionLog.Entry> grid) {
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i)).toList();
    }

    private ActionLog.Entry lastLogged() {
        List<ActionLog.Entry> entries = test.hangar.actionLog().entries();
        return entries.get(entries.size() - 1);
    }

    @Test
    void theLastActionsArriveLiveNewestFirstAndShowWhatTheyDidToTheBranchAsText() throws Exception {
        start();
        UI.getCurrent().navigate(InspectorView.class);
        Grid<ActionLog.Entry> grid = actions();
        assertEquals(test.hangar.actionLog().entries().size(), GridKt._size(grid));

        provider.put(provider.vm(MARKUP, VmStates.RUNNING));
        ActionLog.Entry added = lastLogged();
        eventually(() -> assertEquals(added.sequence(), GridKt._get(grid, 0).sequence()));
        assertEquals(List.of("vms"), added.branches());
        assertEquals(added.type(), GridKt._getFormatted(grid, 0, "type"));

        grid.asSingleSelect().setValue(GridKt._get(grid, 0));
        Div diff = _get(Div.class, spec -> spec.withClasses("inspector-diff"));
        assertEquals("vms", diff.getElement().getAttribute("data-branch"));
        List<String> addedLines = diff.getChildren().map(line -> line.getElement().getText())
                .filter(text -> text.startsWith("+ ")).toList();
        assertTrue(addedLines.stream().anyMatch(text -> text.contains("\"name\" : \"" + MARKUP + "\"")), addedLines.toString());
        assertTrue(diff.getChildren().map(line -> line.getElement().getText()).filter(t -> t.startsWith("- "))
                .noneMatch(t -> t.contains("\"name\"")), "adding a VM removes no VM");
        // Text, never markup: no element came out of the VM's name.
        assertTrue(diff.getElement().getChildren().flatMap(Element::getChildren).allMatch(Element::isTextNode));
        assertTrue(_get(Pre.class, spec -> spec.withClasses("inspector-action")).getText().contains(MARKUP));
    }

    @Test
    void theActionsFilterByBranchAndByProvider() throws Exception {
        start();
        UI.getCurrent().navigate(InspectorView.class);
        Grid<ActionLog.Entry> grid = actions();
        int all = GridKt._size(grid);
        @SuppressWarnings("unchecked")
        ComboBox<String> branch = _get(ComboBox.class, spec -> spec.withClasses("inspector-branch-filter"));
        TextField text = _get(TextField.class, spec -> spec.withClasses("inspector-text-filter"));

        branch.setValue("vms");
        assertTrue(GridKt._size(grid) > 0 && GridKt._size(grid) < all, GridKt._size(grid) + " of " + all);
        assertTrue(rows(grid).stream().allMatch(e -> e.branches().contains("vms")));

        branch.clear();
        text.setValue("nobody-has-this-name");
        assertEquals(0, GridKt._size(grid));
        text.setValue("TEST");
        // Every action of the test provider names it (its VMs' references, its connection), and only those.
        assertTrue(GridKt._size(grid) > 0, "the provider's actions");
        assertTrue(rows(grid).stream().allMatch(e -> e.action().toString().contains("test")));
        assertTrue(_get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withClasses("inspector-count"))
                .getText().endsWith(" of the last " + all + " actions"));
    }

    @Test
    void theStateTabShowsEachBranchAsJsonTextAndFollowsIt() throws Exception {
        start();
        UI.getCurrent().navigate(InspectorView.class);
        _get(TabSheet.class, spec -> spec.withClasses("inspector-tabs")).setSelectedIndex(1);
        @SuppressWarnings("unchecked")
        ComboBox<String> branch = _get(ComboBox.class, spec -> spec.withClasses("inspector-shown-branch"));
        Pre state = _get(Pre.class, spec -> spec.withClasses("inspector-state"));
        assertEquals("vms", branch.getValue());
        assertTrue(state.getText().contains("\"name\" : \"web\""), state.getText());

        provider.put(provider.vm(MARKUP, VmStates.RUNNING));
        eventually(() -> assertTrue(state.getText().contains("\"name\" : \"" + MARKUP + "\""), state.getText()));
        assertTrue(state.getElement().getChildren().allMatch(Element::isTextNode), "the JSON is text");
    }

    @Test
    void onlyAdministratorsOpenTheInspectorOrSeeItInTheMenu() throws Exception {
        start();
        assertTrue(menu().contains("State inspector"), menu().toString());

        TestHangar.signIn(Role.OPERATOR);
        UI.getCurrent().navigate("inspector");
        assertTrue(_find(InspectorView.class).isEmpty(), "an operator opened the State inspector");
        assertEquals("", UI.getCurrent().getInternals().getActiveViewLocation().getPath());
        assertFalse(menu().contains("State inspector"), menu().toString());
    }

    /** The labels of the navigation drawer as the signed-in user gets it. */
    private static List<String> menu() {
        Component layout = new MainLayout(TestHangar.access());
        return _find(layout, SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }
}
