package dev.hangar.host.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.NavigationTrigger;
import dev.hangar.host.ui.login.LoginView;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotFoundViewTest {
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    @Test
    void everyUnknownAddressShowsTheConsolesOwnPageInsideItsFrame() throws Exception {
        test = TestHangar.start(new TestProvider("test"));
        // Too few and too many parts for a VM's address, and no page at all.
        for (String path : List.of("vm/a", "vm/a/b/c/d", "vm", "no/such/page")) {
            // As a browser opening the address: Karibu's UI.navigate refuses unknown routes itself.
            UI ui = UI.getCurrent();
            ui.getInternals().getRouter().navigate(ui, new Location(path), NavigationTrigger.PAGE_LOAD);
            var chain = UI.getCurrent().getInternals().getActiveRouterTargetsChain();
            assertInstanceOf(NotFoundView.class, chain.get(0), path);
            assertInstanceOf(MainLayout.class, chain.get(chain.size() - 1), path);
            assertEquals("There is no page at /" + path + ".",
                    _get(Paragraph.class, spec -> spec.withClasses("not-found-text")).getText());
            assertEquals("", _get(Anchor.class, spec -> spec.withClasses("not-found-back")).getHref());
        }
    }

    @Test
    void anAnonymousBrowserGetsTheLoginPageThereInstead() throws Exception {
        test = TestHangar.start(new TestProvider("test"));
        TestHangar.access().signOut(UI.getCurrent());
        UI ui = UI.getCurrent();
        ui.getInternals().getRouter().navigate(ui, new Location("vm/a"), NavigationTrigger.PAGE_LOAD);
        assertInstanceOf(LoginView.class, ui.getInternals().getActiveRouterTargetsChain().get(0));
    }
}
