package dev.hangar.host.ui.disks;

import dev.hangar.host.state.HostVmAction;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.LocatorKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.host.state.ProviderStatus;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Thunk;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's own actions, run from its disk actions through the host's command path: the role is
 * checked on the server whatever the button shows, the VM is marked busy, the outcome lands on the VM,
 * and every attempt is audited. First with the real plugin-example JAR, then with the UI test provider.
 */
class ProviderActionsTest {
    private static final List<String> EXAMPLE_OPTIONS = List.of("--option", "example-transition-ms=300",
            "--option", "example-migration-seconds=600", "--option", "example-migration-interval-seconds=0");
    private static final String WEB1 = "vm:example/engine://example/web-1";
    private static final ProviderAction COPY = ProviderAction.of("copy-all", "Copy all disks").withProgress("Copying");

    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        NotificationsKt.clearNotifications();
        test.close();
    }

    private List<AuditEntry> audit() {
        return test.hangar.security().audit().last(100);
    }

    private List<AuditEntry> audited(String verb) {
        return audit().stream().filter(e -> e.verb().equals(verb)).toList();
    }

    private VmsState vms() {
        return test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class);
    }

    /** The example plugin loaded from its JAR, as this role, on web-1's Disks subtab. */
    private Component exampleDisks(Role role) throws Exception {
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-example")), EXAMPLE_OPTIONS);
        TestHangar.signIn(role);
        Vm web1 = vms().find("example", "engine://example", "web-1").orElseThrow();
        UI.getCurrent().navigate(VmAddress.of(web1.ref()).path());
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains("Operations")));
        return TestHangar.vmTab("Disks");
    }

    private static Button snapshotButton(Component disks) {
        return button(disks, "example-snapshot-all");
    }

    /** The button of that class, shown or hidden (Karibu's locators see only what is shown). */
    private static Button button(Component in, String className) {
        return StreamSupport.stream(LocatorKt._walkAll(in).spliterator(), false)
                .filter(c -> c instanceof Button && c.hasClassName(className)).map(Button.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + className));
    }

    private static void confirm(String expectedMessage) {
        ConfirmDialog dialog = _get(ConfirmDialog.class);
        assertEquals(expectedMessage, ConfirmDialogKt.getText(dialog));
        ConfirmDialogKt._fireConfirm(dialog);
    }

    private boolean startedOnTheVm(String vmName) {
        return test.hangar.actionLog().entries().stream().anyMatch(entry -> entry.action() instanceof HostVmAction.VmActionStarted s
                && s.ref().name().equals(vmName));
    }

    @Test
    void aViewerCannotTakeTheExamplesSnapshotEvenWhenTheButtonIsForced() throws Exception {
        Button snapshot = snapshotButton(exampleDisks(Role.VIEWER));
        assertFalse(snapshot.isVisible(), "a viewer is not offered the action");

        snapshot.click();  // what a forged click event would do
        confirm("Take a snapshot of vda of 'web-1'?");

        eventually(() -> assertEquals(1, audited("snapshot-all").size(), audit().toString()));
        AuditEntry refused = audited("snapshot-all").get(0);
        assertEquals(List.of("viewer-user", "viewer", WEB1, AuditEntry.REFUSED),
                List.of(refused.user(), refused.role(), refused.target(), refused.result()));
        assertEquals(Map.of("disks", List.of("vda")), refused.options());
        assertEquals("Viewer 'viewer-user' may not use 'Snapshot all disks' on VM 'web-1'", refused.message());
        eventually(() -> NotificationsKt.expectNotifications(
                "Snapshot of 'web-1' failed: Viewer 'viewer-user' may not use 'Snapshot all disks' on VM 'web-1'"));
        assertFalse(startedOnTheVm("web-1"), "nothing was dispatched to the provider");
        assertTrue(_find(Span.class, spec -> spec.withClasses("vm-pending")).isEmpty());
    }

    @Test
    void anOperatorTakesTheExamplesSnapshotAudited() throws Exception {
        Component disks = exampleDisks(Role.OPERATOR);
        Button snapshot = snapshotButton(disks);
        assertTrue(snapshot.isVisible() && snapshot.isEnabled());

        snapshot.click();
        confirm("Take a snapshot of vda of 'web-1'?");
        eventually(() -> NotificationsKt.expectNotifications("Snapshot of 'web-1' taken"));

        AuditEntry ok = audited("snapshot-all").get(0);
        assertEquals(List.of("operator-user", WEB1, AuditEntry.OK), List.of(ok.user(), ok.target(), ok.result()));
        assertEquals(Map.of("disks", List.of("vda")), ok.options());
        assertTrue(startedOnTheVm("web-1"), "the VM was marked busy");
        Vm web1 = vms().find("example", "engine://example", "web-1").orElseThrow();
        assertFalse(vms().pending().containsKey(web1.ref()));
        assertFalse(vms().errors().containsKey(web1.ref()));
    }

    /** The test provider's disk action: a button that runs {@code action} with {@code thunk} through its context. */
    private AtomicReference<CompletionStage<Void>> diskAction(ProviderAction action, Thunk<Void> thunk) {
        AtomicReference<CompletionStage<Void>> ran = new AtomicReference<>();
        provider.diskActions = ctx -> {
            Button button = new Button(action.label(), e -> ran.set(ctx.run(action, Map.of("disks", List.of("vda", "vdb")), thunk)));
            button.addClassName("copy-all");
            button.setVisible(ctx.may(action));
            return List.of(button);
        };
        return ran;
    }

    private Component testDisks(Role role, String state) throws Exception {
        provider.put(provider.vm("web", state));
        test = TestHangar.start(provider);
        TestHangar.signIn(role);
        UI.getCurrent().navigate(VmAddress.of(provider.vm("web", state).ref()).path());
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains("Disks")));
        return TestHangar.vmTab("Disks");
    }

    private static String headerText() {
        return _get(Div.class, spec -> spec.withClasses("vm-header-actions")).getElement().getTextRecursively();
    }

    /** The VM page's failure note: what failed, and the message. */
    private static String errorNote() {
        return _get(Span.class, spec -> spec.withClasses("vm-error-title")).getText() + ": "
                + _get(Div.class, spec -> spec.withClasses("vm-error-message")).getText();
    }

    @Test
    void aProviderActionMarksTheVmBusyUntilItSucceeds() throws Exception {
        CompletableFuture<Void> engine = new CompletableFuture<>();
        AtomicReference<CompletionStage<Void>> ran = diskAction(COPY, (dispatcher, state) -> engine);
        Component disks = testDisks(Role.OPERATOR, VmStates.RUNNING);

        button(disks, "copy-all").click();
        eventually(() -> assertEquals("Copying…", _get(Span.class, spec -> spec.withClasses("vm-pending")).getText()));
        assertEquals(COPY, vms().pending().values().iterator().next());
        assertTrue(audited("copy-all").isEmpty(), "audited when it ends");

        engine.complete(null);
        ran.get().toCompletableFuture().get(5, TimeUnit.SECONDS);
        eventually(() -> assertTrue(_find(Span.class, spec -> spec.withClasses("vm-pending")).isEmpty(), headerText()));
        AuditEntry ok = audited("copy-all").get(0);
        assertEquals(List.of("operator-user", "vm:test/test:///ui/web", AuditEntry.OK, Map.of("disks", List.of("vda", "vdb"))),
                List.of(ok.user(), ok.target(), ok.result(), ok.options()));
        assertTrue(vms().errors().isEmpty());
    }

    @Test
    void aFailingProviderActionsMessageLandsOnTheVm() throws Exception {
        AtomicReference<CompletionStage<Void>> ran = diskAction(COPY, (dispatcher, state) ->
                CompletableFuture.failedFuture(new IllegalStateException("the engine lost its copy store")));
        Component disks = testDisks(Role.OPERATOR, VmStates.RUNNING);

        button(disks, "copy-all").click();
        assertEquals("the engine lost its copy store", assertThrows(ran.get()).getMessage());
        eventually(() -> assertEquals("Copy all disks failed: the engine lost its copy store", errorNote()));
        AuditEntry entry = audited("copy-all").get(0);
        assertEquals(List.of(AuditEntry.FAILED, "the engine lost its copy store"), List.of(entry.result(), entry.message()));
    }

    @Test
    void anAdministratorsActionIsRefusedToAnOperatorAndItsPredicateIsCheckedOnTheServer() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ProviderAction wipe = ProviderAction.of("wipe-all", "Wipe all disks").withRole(ProviderAction.Role.ADMINISTRATOR)
                .asDestructive().when(vm -> VmStates.SHUT_OFF.equals(vm.state()));
        AtomicReference<CompletionStage<Void>> ran = diskAction(wipe, (dispatcher, state) -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        Component disks = testDisks(Role.OPERATOR, VmStates.RUNNING);
        Button button = button(disks, "copy-all");
        assertFalse(button.isVisible(), "an operator is not offered an administrator's action");

        button.click();
        Throwable refused = assertThrows(ran.get());
        assertInstanceOf(AccessDeniedException.class, refused);
        assertEquals("Operator 'operator-user' may not use 'Wipe all disks' on VM 'web'", refused.getMessage());
        assertEquals(AuditEntry.REFUSED, audited("wipe-all").get(0).result());

        TestHangar.signIn(Role.ADMINISTRATOR);
        button.click();
        Throwable unavailable = assertThrows(ran.get());
        assertEquals("Wipe all disks is not possible for VM 'web' now (running)", unavailable.getMessage());
        eventually(() -> assertEquals("Wipe all disks failed: Wipe all disks is not possible for VM 'web' now (running)",
                errorNote()));
        assertEquals(0, runs.get(), "the provider's thunk never ran");
        assertEquals(List.of(AuditEntry.REFUSED, AuditEntry.FAILED), audited("wipe-all").stream().map(AuditEntry::result).toList());
    }

    private static Throwable assertThrows(CompletionStage<Void> stage) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void onlyADestructiveActionsConfirmationIsADanger() throws Exception {
        test = TestHangar.start(provider);
        HostComponents components = new HostComponents(test.hangar.providers()::active);
        components.confirm(COPY, "Copy?", () -> { });
        assertEquals("primary", _get(ConfirmDialog.class).getElement().getProperty("confirmTheme"));
        _get(ConfirmDialog.class).close();
        components.confirm(COPY.asDestructive(), "Copy over?", () -> { });
        List<ConfirmDialog> open = _find(ConfirmDialog.class).stream().filter(ConfirmDialog::isOpened).toList();
        assertEquals("error primary", open.get(0).getElement().getProperty("confirmTheme"));
        assertEquals("Copy all disks", ConfirmDialogKt.getHeader(open.get(0)));
    }

    @Test
    void aRefusedVerbIsNamedInPeoplesWords() throws Exception {
        Vm web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TestHangar.signIn(Role.VIEWER);
        Throwable refused = assertThrows(test.hangar.commands().run(TestHangar.actor(), web.ref(), VmVerb.FORCE_OFF));
        assertEquals("Viewer 'viewer-user' may not force off VM 'web'", refused.getMessage());
        assertEquals("force_off", audit().get(audit().size() - 1).verb(), "the audit keeps the verb's id");
        assertEquals("Viewer 'viewer-user' may not send a non-maskable interrupt to VM 'web'",
                assertThrows(test.hangar.commands().run(TestHangar.actor(), web.ref(), VmVerb.SEND_NMI)).getMessage());
    }

    /** Options VmContext.run does not take: each fails the stage, audited, and the thunk never runs. */
    @Test
    void optionsTheAuditCannotRecordFailTheStageAuditedWithoutRunningTheThunk() throws Exception {
        Vm web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TestHangar.signIn(Role.OPERATOR);
        AtomicInteger runs = new AtomicInteger();
        Thunk<Void> thunk = (dispatcher, state) -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        };
        Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("disk", null);
        Object unwritable = new Object() {
            @Override
            public String toString() {
                return "a disk object";
            }
        };

        CompletionStage<Void> nulls = test.hangar.commands().run(TestHangar.actor(), web.ref(), COPY, withNull, thunk);
        assertEquals("Provider 'test' gave 'Copy all disks' options the host cannot record: 'disk' is null"
                + " (options are strings, numbers, booleans and lists of them, without nulls)", assertThrows(nulls).getMessage());
        CompletionStage<Void> objects = test.hangar.commands().run(TestHangar.actor(), web.ref(), COPY,
                Map.of("disks", List.of("vda", unwritable)), thunk);
        assertTrue(assertThrows(objects).getMessage().contains("the list 'disks' holds a dev.hangar.host.ui.disks.ProviderActionsTest$"),
                "names what is wrong");

        assertEquals(0, runs.get(), "the provider's thunk never ran");
        List<AuditEntry> entries = audited("copy-all");
        assertEquals(List.of(AuditEntry.FAILED, AuditEntry.FAILED), entries.stream().map(AuditEntry::result).toList());
        assertEquals(Map.of("disk", "null"), entries.get(0).options());
        assertEquals(Map.of("disks", "[vda, a disk object]"), entries.get(1).options());
        assertTrue(entries.get(0).message().startsWith("Provider 'test' gave 'Copy all disks' options"), entries.get(0).message());
    }

    private ProviderStatus.State providerState() {
        ProviderStatus status = vms().providers().get("test");
        return status == null ? null : status.state();
    }

    /** An Error from a provider's thunk is a broken plugin, as anywhere plugin code runs: the provider is disabled. */
    @Test
    void anErrorFromAProvidersThunkDisablesTheProviderWithTheReason() throws Exception {
        Vm web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TestHangar.signIn(Role.OPERATOR);
        Throwable exception = assertThrows(test.hangar.commands().run(TestHangar.actor(), web.ref(), COPY, Map.of(),
                (dispatcher, state) -> CompletableFuture.failedFuture(new IllegalStateException("the engine is busy"))));
        assertEquals("the engine is busy", exception.getMessage());
        assertEquals(ProviderStatus.State.ACTIVE, providerState(), "an exception fails only that action");

        Throwable error = assertThrows(test.hangar.commands().run(TestHangar.actor(), web.ref(), COPY, Map.of(), (dispatcher, state) -> {
            throw new NoClassDefFoundError("dev/hangar/gone/Engine");
        }));
        assertEquals("dev/hangar/gone/Engine", error.getMessage());
        eventually(() -> assertEquals(ProviderStatus.State.FAILED, providerState()));
        assertEquals("Copy all disks (its thunk) threw dev/hangar/gone/Engine; the provider was disabled"
                + " (reload its plugin to try again)", vms().providers().get("test").message());
        assertEquals(AuditEntry.FAILED, audited("copy-all").get(1).result());
    }

    @Test
    void anErrorFromAnActionsPredicateDisablesTheProvider() throws Exception {
        Vm web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TestHangar.signIn(Role.OPERATOR);
        ProviderAction overflowing = COPY.when(vm -> {
            throw new StackOverflowError();
        });
        Throwable unavailable = assertThrows(test.hangar.commands().run(TestHangar.actor(), web.ref(), overflowing, Map.of(),
                (dispatcher, state) -> CompletableFuture.completedFuture(null)));
        assertEquals("Copy all disks is not possible for VM 'web' now (running)", unavailable.getMessage());
        eventually(() -> assertEquals(ProviderStatus.State.FAILED, providerState()));
        assertEquals("Copy all disks (its predicate) threw StackOverflowError; the provider was disabled"
                + " (reload its plugin to try again)", vms().providers().get("test").message());
    }
}
