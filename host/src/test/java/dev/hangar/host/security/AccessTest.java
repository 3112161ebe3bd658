package dev.hangar.host.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LoginFormKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.Hangar;
import dev.hangar.host.Security;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.auth.SignIn;
import dev.hangar.host.security.auth.UsersFile;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.audit.AuditView;
import dev.hangar.host.ui.login.LoginView;
import dev.hangar.host.ui.sessions.SessionsView;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.testsupport.ManualClock;
import dev.hangar.testsupport.TestProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in, roles and audit through a real Hangar (store, provider registry, VmCommands) with a mocked
 * Vaadin around the real views and the real {@link AccessGuard}.
 */
class AccessTest {
    @TempDir
    Path dir;
    private Hangar hangar;
    private final TestProvider provider = new TestProvider("mem");
    private Vm web;

    @BeforeEach
    void start() throws Exception {
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        hangar = TestHangar.startHangar(Files.createDirectories(dir.resolve("plugins")), dir.resolve("data"),
                Clock.systemUTC(), List.of("--auth", "file"));
        hangar.providers().activate("plugin-mem", provider).toCompletableFuture().get(10, TimeUnit.SECONDS);
        UsersFile users = new UsersFile(dir.resolve("data/users"));
        users.add("olga", Role.OPERATOR, "olga-pw");
        TestHangar.setupVaadin(hangar);
    }

    @AfterEach
    void stop() {
        MockVaadin.tearDown();
        hangar.close();
    }

    private static void signInAs(Role role) {
        TestHangar.signIn(role);
    }

    /** Who a view of the mocked session acts as now. */
    private static Actor actor() {
        return TestHangar.actor();
    }

    private List<AuditEntry> audit() {
        return hangar.security().audit().last(100);
    }

    /** The stage's failure, or null when it completed; fails after 10 s. */
    static Throwable failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void anAnonymousSessionGetsTheLoginViewForEveryRouteAndNoVmName() {
        for (String route : List.of("", "audit", "login")) {
            UI.getCurrent().navigate(route);
            assertInstanceOf(LoginView.class, UI.getCurrent().getInternals().getActiveRouterTargetsChain().get(0), route);
            _get(LoginForm.class);
            assertTrue(_find(Grid.class).isEmpty(), "a grid was rendered for " + route);
        }
        assertFalse(TestHangar.access().signedIn());
    }

    @Test
    void wrongPasswordIsRefusedWithOneMessageAndRepeatedFailuresAreThrottled() {
        UI.getCurrent().navigate("");
        LoginForm form = _get(LoginForm.class);
        LoginFormKt._login(form, "olga", "wrong");
        assertTrue(form.isError());
        assertEquals(SignIn.FAILED, errorMessage(form));
        LoginFormKt._login(form, "nobody", "olga-pw");
        assertEquals(SignIn.FAILED, errorMessage(form));
        assertFalse(TestHangar.access().signedIn());

        for (int i = 0; i < Security.THROTTLE_LIMITS.perAddressAndUser(); i++) {
            LoginFormKt._login(form, "olga", "guess" + i);
        }
        LoginFormKt._login(form, "olga", "olga-pw");
        assertFalse(TestHangar.access().signedIn(), "the right password got through the throttle");
        assertTrue(errorMessage(form).startsWith("Too many failed sign-ins"), errorMessage(form));
    }

    @Test
    void theRightPasswordSignsInWithTheStoredRoleUnderANewSessionId() {
        UI.getCurrent().navigate("audit");
        String before = VaadinSession.getCurrent().getSession().getId();
        LoginFormKt._login(_get(LoginForm.class), "olga", "olga-pw");

        Actor olga = TestHangar.access().actor().orElseThrow();
        assertEquals("olga", olga.name());
        assertEquals(Role.OPERATOR, olga.role());
        assertNotEquals(before, VaadinSession.getCurrent().getSession().getId());
    }

    @Test
    void signInGoesToTheAddressAskedForWhileSignedOut() {
        UI.getCurrent().navigate("plugins", com.vaadin.flow.router.QueryParameters.simple(Map.of("from", "bookmark")));
        LoginFormKt._login(_get(LoginForm.class), "olga", "olga-pw");
        String pending = UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations().stream()
                .map(invocation -> invocation.getInvocation().getParameters().toString()).toList().toString();
        assertTrue(pending.contains("./plugins?from=bookmark"), pending);
    }

    @Test
    void aViewersForgedDeleteIsRefusedAndAudited() throws Exception {
        signInAs(Role.VIEWER);
        DeleteOptions options = new DeleteOptions(true, List.of("vda"));
        Throwable error = failure(hangar.commands().delete(actor(), web.ref(), options));

        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(provider.calls.isEmpty(), provider.calls.toString());
        assertNotNull(vms().get(web.ref()), "the VM was deleted");
        AuditEntry entry = audit().get(audit().size() - 1);
        assertEquals("viewer-user", entry.user());
        assertEquals("delete", entry.verb());
        assertEquals("vm:mem/" + TestProvider.CONNECTION + "/web", entry.target());
        assertEquals(Map.of("destroy", true, "storage", List.of("vda")), entry.options());
        assertEquals(AuditEntry.REFUSED, entry.result());

        Throwable start = failure(hangar.commands().run(actor(), web.ref(), VmVerb.SHUTDOWN));
        assertInstanceOf(AccessDeniedException.class, start);
        assertEquals(2, audit().stream().filter(e -> e.result().equals(AuditEntry.REFUSED)).count());
    }

    @Test
    void anOperatorRunsLifecycleActionsButCannotDelete() throws Exception {
        signInAs(Role.OPERATOR);
        assertNull(failure(hangar.commands().run(actor(), web.ref(), VmVerb.SHUTDOWN)));
        assertEquals(List.of("SHUTDOWN web"), provider.calls);
        AuditEntry shutdown = audit().get(audit().size() - 1);
        assertEquals(List.of("operator-user", "shutdown", AuditEntry.OK), List.of(shutdown.user(), shutdown.verb(), shutdown.result()));

        assertInstanceOf(AccessDeniedException.class, failure(hangar.commands().delete(actor(), web.ref(), DeleteOptions.KEEP_STORAGE)));
        assertEquals(List.of("SHUTDOWN web"), provider.calls);
        assertEquals(AuditEntry.REFUSED, audit().get(audit().size() - 1).result());
    }

    @Test
    void anAdministratorDeletesWithStorageAndTheResultIsAudited() throws Exception {
        signInAs(Role.ADMINISTRATOR);
        assertNull(failure(hangar.commands().delete(actor(), web.ref(), new DeleteOptions(false, List.of("vda")))));

        assertEquals(List.of("DELETE web"), provider.calls);
        assertEquals(List.of(List.of("vda")), provider.deletes.stream().map(DeleteOptions::storageTargets).toList());
        assertNull(vms().get(web.ref()));
        AuditEntry entry = audit().get(audit().size() - 1);
        assertEquals(List.of("administrator-user", "administrator", "delete", AuditEntry.OK),
                List.of(entry.user(), entry.role(), entry.verb(), entry.result()));
        assertEquals(List.of("vda"), entry.options().get("storage"));
    }

    @Test
    void aFailedActionIsAuditedWithItsMessage() throws Exception {
        signInAs(Role.ADMINISTRATOR);
        // Running a VM that runs already: the provider's predicate refuses it.
        assertNotNull(failure(hangar.commands().run(actor(), web.ref(), VmVerb.START)));
        AuditEntry entry = audit().get(audit().size() - 1);
        assertEquals(AuditEntry.FAILED, entry.result());
        assertTrue(entry.message().contains("not possible"), entry.message());
    }

    @Test
    void onlyAdministratorsOpenTheAuditView() throws Exception {
        signInAs(Role.OPERATOR);
        failure(hangar.commands().run(actor(), web.ref(), VmVerb.SHUTDOWN));
        UI.getCurrent().navigate("audit");
        assertTrue(_find(AuditView.class).isEmpty(), "an operator opened the audit view");
        assertEquals("", UI.getCurrent().getInternals().getActiveViewLocation().getPath());

        signInAs(Role.ADMINISTRATOR);
        UI.getCurrent().navigate("audit");
        @SuppressWarnings("unchecked")
        Grid<AuditEntry> grid = _get(Grid.class);
        assertEquals(1, GridKt._size(grid));
        assertEquals("operator-user", GridKt._get(grid, 0).user());
        assertEquals("shutdown", GridKt._get(grid, 0).verb());
    }

    @Test
    void aSessionWithoutActivityForLongerThanTheTimeoutIsSignedOut() {
        ManualClock clock = new ManualClock();
        Sessions sessions = new Sessions(clock, name -> Optional.of(Role.OPERATOR), Duration.ofSeconds(3));
        VaadinSession session = VaadinSession.getCurrent();
        sessions.signIn(session, new Actor("olga", Role.OPERATOR, "127.0.0.1"));
        for (int i = 0; i < 4; i++) {
            sessions.check(session, "127.0.0.1", true);
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(TestHangar.access().signedIn(), "a request every second did not keep the session");
        clock.advance(Duration.ofSeconds(2));
        // Heartbeats are no activity.
        sessions.check(session, "127.0.0.1", false);
        clock.advance(Duration.ofMillis(1500));
        sessions.check(session, "127.0.0.1", false);
        assertFalse(TestHangar.access().signedIn());
        assertEquals(List.of(), sessions.list());
    }

    /** Signs olga (operator) in through the login form, as a browser does. */
    private void signInOlga() {
        UI.getCurrent().navigate("");
        // The request that carries the form notes the client's address first, as every request does.
        nextRequest();
        LoginFormKt._login(_get(LoginForm.class), "olga", "olga-pw");
        assertEquals(Role.OPERATOR, TestHangar.access().actor().orElseThrow().role());
    }

    /** What happens at the start of every request of the session (Karibu does not run request handlers). */
    private void nextRequest() {
        new SessionCheck(hangar.security().sessions(), hangar.security().clientAddress())
                .synchronizedHandleRequest(VaadinSession.getCurrent(), VaadinRequest.getCurrent(), null);
    }

    @Test
    void aDemotedUsersOpenSessionActsWithTheNewRoleFromItsNextRequest() throws Exception {
        signInOlga();
        // What 'hangar user passwd olga --role viewer' does in another process.
        new UsersFile(dir.resolve("data/users")).update("olga", null, Role.VIEWER);
        nextRequest();

        assertEquals(Role.VIEWER, TestHangar.access().actor().orElseThrow().role());
        assertInstanceOf(AccessDeniedException.class, failure(hangar.commands().run(actor(), web.ref(), VmVerb.SHUTDOWN)));
        assertTrue(provider.calls.isEmpty(), provider.calls.toString());
        AuditEntry refused = audit().get(audit().size() - 1);
        assertEquals(List.of("olga", "viewer", AuditEntry.REFUSED), List.of(refused.user(), refused.role(), refused.result()));
        assertEquals(Role.VIEWER, hangar.security().sessions().list().get(0).role());
    }

    @Test
    void aRemovedUsersOpenSessionEndsAtItsNextRequest() throws Exception {
        signInOlga();
        new UsersFile(dir.resolve("data/users")).remove("olga");
        nextRequest();

        assertFalse(TestHangar.access().signedIn());
        assertInstanceOf(AccessDeniedException.class, failure(hangar.commands().run(actor(), web.ref(), VmVerb.SHUTDOWN)));
        assertEquals(List.of(), hangar.security().sessions().list());
    }

    @Test
    void anAdministratorEndsAUsersSessionsInTheSessionsViewAndItIsAudited() throws Exception {
        signInOlga();
        Sessions.Info olga = hangar.security().sessions().list().get(0);
        assertEquals(List.of("olga", "127.0.0.1"), List.of(olga.user(), olga.address()));

        // Only administrators open the view.
        UI.getCurrent().navigate("sessions");
        assertTrue(_find(SessionsView.class).isEmpty(), "an operator opened the sessions view");

        // The same browser session, now an administrator's, ends olga's (listed) session: its own here.
        signInAs(Role.ADMINISTRATOR);
        UI.getCurrent().navigate("sessions");
        @SuppressWarnings("unchecked")
        Grid<Sessions.Info> grid = _get(Grid.class);
        assertEquals(1, GridKt._size(grid));
        com.github.mvysny.kaributesting.v10.ButtonKt._click(
                (com.vaadin.flow.component.button.Button) GridKt._getCellComponent(grid, 0, "end"));

        assertEquals(List.of(), hangar.security().sessions().list());
        nextRequest();
        assertFalse(TestHangar.access().signedIn());
        AuditEntry ended = audit().get(audit().size() - 1);
        assertEquals(List.of("administrator-user", "user:olga", SessionsView.VERB, AuditEntry.OK),
                List.of(ended.user(), ended.target(), ended.verb(), ended.result()));
    }

    /** The error message the login form shows (its i18n is only on the element). */
    private static String errorMessage(LoginForm form) {
        String i18n = String.valueOf(form.getElement().getPropertyRaw("i18n"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"errorMessage\":\\{[^}]*\"message\":\"([^\"]*)\"").matcher(i18n);
        assertTrue(m.find(), i18n);
        return m.group(1);
    }

    private Map<VmRef, Vm> vms() {
        return hangar.store().getState().get(VmsState.BRANCH, VmsState.class).vms();
    }
}
