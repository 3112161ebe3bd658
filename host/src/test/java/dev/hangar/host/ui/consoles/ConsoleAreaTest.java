package dev.hangar.host.ui.consoles;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.DownloadKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import dev.hangar.host.consoles.ConsoleTarget;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.Thunk;
import dev.hangar.testsupport.TestProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The VM page's Console area: who sees what, the element and its address, and what a console's state says. */
class ConsoleAreaTest {
    static final Console VNC = ConsoledProvider.VNC;
    static final Console SERIAL = ConsoledProvider.SERIAL;

    private final ConsoledProvider provider = new ConsoledProvider();
    private TestHangar test;
    private Vm web;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private void open(String state) throws Exception {
        open(state, Role.ADMINISTRATOR);
    }

    private void open(String state, Role role) throws Exception {
        web = provider.put(provider.vm("web", state));
        test = TestHangar.start(provider);
        TestHangar.signIn(role);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertTrue(_get(ConsoleArea.class).isVisible()));
        // The consoles are read off the UI thread: until they arrive the area says so.
        eventually(() -> assertTrue(_find(Span.class, spec -> spec.withClasses("console-status")
                .withText("Reading the consoles…")).isEmpty()));
    }

    private static String note() {
        return _get(Div.class, spec -> spec.withClasses("console-note")).getText();
    }

    private List<AuditEntry> consoleAudit() {
        return test.hangar.security().audit().last(50).stream().filter(e -> e.verb().startsWith("console")).toList();
    }

    private static String viewers() {
        return _get(Span.class, spec -> spec.withClasses("console-viewers")).getText();
    }

    private static void state(ConsoleElement element, String state, Integer code, String reason) {
        ComponentUtil.fireEvent(element, new ConsoleElement.StateEvent(element, true, state, code, reason));
    }

    @Test
    void anOperatorGetsTheFirstConsolesElementAtTheGatesAddress() throws Exception {
        open(VmStates.RUNNING, Role.OPERATOR);
        eventually(() -> assertEquals(1, _find(ConsoleElement.Vnc.class).size()));
        ConsoleElement.Vnc vnc = _get(ConsoleElement.Vnc.class);
        assertTrue(vnc.getSrc().matches("/consoles/ws/[A-Za-z0-9_-]{40,}"), vnc.getSrc());
        assertEquals("Connecting…", _get(Span.class, spec -> spec.withClasses("console-status")).getText());
        assertTrue(_get(Div.class, spec -> spec.withClasses("console-toolbar")).isVisible());
        assertEquals(VmAddress.of(web.ref()).consolePath(), _get(Anchor.class, spec -> spec.withClasses("console-window")).getHref());
        assertTrue(_find(Span.class, spec -> spec.withClasses("console-no-graphics")).isEmpty());

        // The switcher offers both; the serial one replaces the element.
        @SuppressWarnings("unchecked")
        Select<Console> switcher = _get(Select.class, spec -> spec.withClasses("console-switcher"));
        assertEquals(List.of(VNC, SERIAL), switcher.getListDataView().getItems().toList());
        com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue(switcher, SERIAL, true);
        eventually(() -> assertEquals(1, _find(ConsoleElement.Serial.class).size()));
        assertTrue(_find(ConsoleElement.Vnc.class).isEmpty());
        String serial = _get(ConsoleElement.Serial.class).getSrc();
        assertTrue(serial.startsWith("/consoles/ws/") && !serial.equals(vnc.getSrc()), serial);
        assertTrue(_find(com.vaadin.flow.component.menubar.MenuBar.class, spec -> spec.withClasses("console-send-key")).isEmpty(),
                "no key combinations for a serial console");
    }

    @Test
    void othersConnectedAreNamedButNotThisPagesOwnConnection() throws Exception {
        // Who is connected comes from websockets, which the mocked UI has none of: a gate whose list the test sets.
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TicketGate gate = new TicketGate();
        ConsoleArea area = new ConsoleArea(test.hangar.providers(), gate, test.hangar.security().gatekeeper(),
                TestHangar.access(), false);
        UI.getCurrent().add(area);
        area.show(web, test.hangar.providers().get(provider.name()).orElseThrow(), true);
        eventually(() -> assertEquals(1, _find(ConsoleElement.Vnc.class).size()));
        ConsoleElement element = _get(ConsoleElement.class);
        assertEquals("/consoles/ws/ticket-1", element.getSrc());
        ConsoleTarget target = new ConsoleTarget(web.ref(), "vnc0");
        gate.connected.onNext(Map.of(target, List.of("alice", "administrator-user")));
        eventually(() -> assertEquals("Also connected: alice, administrator-user", viewers()));
        state(element, "connected", null, null);
        assertEquals("Also connected: alice", viewers(), "connected now: one of them is this page");
        gate.connected.onNext(Map.of(target, List.of("alice", "administrator-user", "bob")));
        eventually(() -> assertEquals("Also connected: alice, bob", viewers()));
        gate.connected.onNext(Map.of(target, List.of("administrator-user"),
                new ConsoleTarget(web.ref(), "serial0"), List.of("carol")));
        eventually(() -> assertTrue(_find(Span.class, spec -> spec.withClasses("console-viewers")).isEmpty()));
        // The same user in another window is someone else connected.
        gate.connected.onNext(Map.of(target, List.of("administrator-user", "administrator-user")));
        eventually(() -> assertEquals("Also connected: administrator-user", viewers()));
        assertEquals("Connected", _get(Span.class, spec -> spec.withClasses("console-status")).getText());
        assertEquals("Disconnect", _get(Button.class, spec -> spec.withClasses("console-connection")).getText());
    }

    @Test
    void aViewerSeesWhyAndNoElement() throws Exception {
        open(VmStates.RUNNING, Role.VIEWER);
        assertEquals(ConsoleArea.VIEWER_TEXT, note());
        assertTrue(_find(ConsoleElement.class).isEmpty());
        assertTrue(_find(Div.class, spec -> spec.withClasses("console-toolbar")).isEmpty());
        assertEquals(List.of(), provider.asked, "not even the list is read for a viewer");
        assertTrue(consoleAudit().isEmpty(), "no address asked for (it would be refused and audited): " + consoleAudit());
    }

    @Test
    void aShutOffVmSaysToStartIt() throws Exception {
        open(VmStates.SHUT_OFF);
        assertEquals(ConsoleArea.START_TEXT, note());
        assertTrue(_find(ConsoleElement.class).isEmpty());

        provider.put(web.withState(VmStates.RUNNING, "booted"));
        eventually(() -> assertEquals(1, _find(ConsoleElement.Vnc.class).size()));
        assertTrue(_find(Div.class, spec -> spec.withClasses("console-note")).isEmpty());
        provider.put(web.withState(VmStates.SHUT_OFF, "shutdown"));
        eventually(() -> assertEquals(ConsoleArea.START_TEXT, note()));
        assertTrue(_find(ConsoleElement.class).isEmpty());
    }

    @Test
    void aVmWithoutGraphicsSaysSoAndOffersItsSerialConsole() throws Exception {
        provider.consoles = List.of(SERIAL);
        open(VmStates.RUNNING);
        eventually(() -> assertEquals(1, _find(ConsoleElement.Serial.class).size()));
        assertEquals(ConsoleArea.NO_GRAPHICS_TEXT, _get(Span.class, spec -> spec.withClasses("console-no-graphics")).getText());
        assertTrue(_find(Select.class, spec -> spec.withClasses("console-switcher")).isEmpty(), "one console: no switcher");
    }

    @Test
    void anUnavailableConsoleShowsItsReasonAsText() throws Exception {
        String reason = "The VNC server listens on <b>no</b> socket the host can reach";
        provider.consoles = List.of(new Console("vnc0", ConsoleKind.VNC, "Graphical (VNC)", reason), SERIAL);
        open(VmStates.RUNNING);
        // The first available one is opened, once the list arrived.
        eventually(() -> assertEquals(1, _find(ConsoleElement.Serial.class).size()));
        @SuppressWarnings("unchecked")
        Select<Console> switcher = _get(Select.class, spec -> spec.withClasses("console-switcher"));
        assertEquals(SERIAL, switcher.getValue());
        com.github.mvysny.kaributesting.v10.HasValueUtilsKt._setValue(switcher, provider.consoles.get(0), true);
        eventually(() -> assertEquals(reason, note()));
        assertTrue(_find(ConsoleElement.class).isEmpty());
    }

    @Test
    void aSpiceConsoleOffersItsRemoteViewerFileAndAuditsIt() throws Exception {
        provider.consoles = List.of(Console.available("spice0", ConsoleKind.SPICE, "SPICE"));
        open(VmStates.RUNNING);
        Anchor file = _get(Anchor.class, spec -> spec.withClasses("console-spice-file"));
        assertEquals("Download the remote-viewer file (.vv)", file.getText());
        assertEquals(ConsoleArea.SPICE_TEXT, _get(Span.class, spec -> spec.withClasses("console-spice-how")).getText());
        assertTrue(_find(ConsoleElement.class).isEmpty());

        String contents = new String(DownloadKt._download(file), StandardCharsets.UTF_8);
        assertTrue(contents.startsWith("[virt-viewer]\ntype=spice\n") && contents.contains("title=web"), contents);
        List<AuditEntry> audit = test.hangar.security().audit().last(5);
        assertTrue(audit.stream().anyMatch(e -> e.verb().equals(SpiceFile.VERB) && e.result().equals(AuditEntry.OK)
                && e.user().equals("administrator-user")), audit.toString());
    }

    @Test
    void aBusyConsoleSaysWhyAndTakesOverOnlyWhenConfirmed() throws Exception {
        open(VmStates.RUNNING);
        ConsoleElement element = _get(ConsoleElement.class);
        String first = element.getSrc();
        state(element, "disconnected", 4409, "The console is held by another client (virsh console).");
        eventually(() -> assertTrue(note().startsWith("The console is held by another client (virsh console).")));
        assertEquals("Reconnect", _get(Button.class, spec -> spec.withClasses("console-connection")).getText());
        _get(Button.class, spec -> spec.withClasses("console-take-over")).click();
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        ConfirmDialogKt._fireCancel(confirm);
        assertEquals(first, element.getSrc(), "cancelled: nothing taken");

        _get(Button.class, spec -> spec.withClasses("console-take-over")).click();
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        assertTrue(element.getSrc().startsWith("/consoles/ws/") && !element.getSrc().equals(first),
                "the same element connects to a take-over address: " + element.getSrc());
        assertEquals(1, _find(ConsoleElement.class).size());
    }

    @Test
    void otherRefusalsAreSaidInWords() throws Exception {
        open(VmStates.RUNNING);
        ConsoleElement element = _get(ConsoleElement.class);
        state(element, "disconnected", 4429, "");
        eventually(() -> assertEquals("You have too many consoles open: close one first.", note()));
        assertTrue(_find(Button.class, spec -> spec.withClasses("console-take-over")).isEmpty());
        state(element, "disconnected", 4410, "The VM stopped.");
        assertEquals("The VM stopped.", note());
        assertEquals("Disconnected, reconnecting…", _get(Span.class, spec -> spec.withClasses("console-status")).getText());
        state(element, "disconnected", 1000, "");
        assertTrue(_find(Div.class, spec -> spec.withClasses("console-note")).isEmpty());
        assertEquals("Disconnected", _get(Span.class, spec -> spec.withClasses("console-status")).getText());
    }

    @Test
    void theConsoleWindowShowsTheSameAreaAlone() throws Exception {
        open(VmStates.RUNNING);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).consolePath());
        eventually(() -> assertEquals(1, _find(ConsoleElement.Vnc.class).size()));
        assertTrue(_find(com.vaadin.flow.component.tabs.TabSheet.class).isEmpty(), "only the console");
        assertTrue(_find(Anchor.class, spec -> spec.withClasses("console-window")).isEmpty(), "no new window from the window");
        assertEquals("web", _get(Span.class, spec -> spec.withClasses("console-window-title")).getText());

        TestHangar.signIn(Role.VIEWER);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        UI.getCurrent().navigate(VmAddress.of(web.ref()).consolePath());
        eventually(() -> assertEquals(ConsoleArea.VIEWER_TEXT, note()));
        assertTrue(_find(ConsoleElement.class).isEmpty());
    }

    @Test
    void theExamplePluginsSerialConsoleIsOfferedAsItsOnlyOne() throws Exception {
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-example")),
                List.of("--option", "example-migration-interval-seconds=0"));
        TestHangar.signIn(Role.OPERATOR);
        Vm web1 = test.hangar.store().getState().get(dev.hangar.host.state.VmsState.BRANCH, dev.hangar.host.state.VmsState.class)
                .find("example", "engine://example", "web-1").orElseThrow();
        UI.getCurrent().navigate(VmAddress.of(web1.ref()).path());
        eventually(() -> assertEquals(1, _find(ConsoleElement.Serial.class).size()));
        assertEquals(ConsoleArea.NO_GRAPHICS_TEXT, _get(Span.class, spec -> spec.withClasses("console-no-graphics")).getText());
        assertTrue(_get(ConsoleElement.Serial.class).getSrc().startsWith("/consoles/ws/"));
    }

    @Test
    void aProviderWithoutConsolesHasNoConsoleArea() throws Exception {
        TestProvider plain = new TestProvider("plain");
        web = plain.put(plain.vm("web", VmStates.RUNNING));
        test = TestHangar.start();
        test.hangar.providers().activate("plugin-plain", withoutCapabilities(plain)).toCompletableFuture()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertTrue(_get(Div.class, spec -> spec.withClasses("vm-overview")).isVisible()));
        assertTrue(_find(ConsoleArea.class).isEmpty());
        assertFalse(_get(Div.class, spec -> spec.withClasses("vm-top")).hasClassName("with-console"));
    }

    /** A test provider's VMs through a provider that has no capability at all. */
    private static VirtProvider withoutCapabilities(TestProvider in) {
        return new VirtProvider() {
            @Override
            public String name() {
                return in.name();
            }

            @Override
            public CompletionStage<Boolean> init(ProviderContext context) {
                return in.init(context);
            }

            @Override
            public Thunk<Void> getVm(String connection, String name) {
                return in.getVm(connection, name);
            }

            @Override
            public Thunk<Void> getAllVms() {
                return in.getAllVms();
            }

            @Override
            public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
                return in.deleteVm(vm, options);
            }

            @Override
            public Map<String, VmStateInfo> vmStateMap() {
                return in.vmStateMap();
            }
        };
    }
}
