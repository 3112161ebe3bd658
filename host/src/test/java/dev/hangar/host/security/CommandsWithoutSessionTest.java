package dev.hangar.host.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.plugins.Caller;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Thunk;
import dev.hangar.testsupport.TestProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VM commands as a command line, a REST call or a background job would run them: with an
 * {@link Actor} and no Vaadin at all (no session, no UI, no Karibu). The role is still checked, every
 * action is audited in the actor's name, and the provider's thunk sees who asked.
 */
class CommandsWithoutSessionTest {
    private static final Actor VIEWER = new Actor("vera", Role.VIEWER, "10.0.0.7");
    private static final Actor OPERATOR = new Actor("otto", Role.OPERATOR, "10.0.0.8");

    private final TestProvider provider = new TestProvider("mem");
    private final Vm web = provider.put(provider.vm("web", VmStates.RUNNING));
    private Hangar hangar;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        hangar = TestHangar.startHangar(Files.createDirectories(dir.resolve("plugins")), dir.resolve("data"),
                Clock.systemUTC(), List.of());
        hangar.providers().activate("plugin-mem", provider).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        hangar.close();
    }

    @Test
    void aViewerIsRefusedAndAnOperatorAllowedWithNoBrowserSession() throws Exception {
        assertNull(VaadinSession.getCurrent());
        assertNull(UI.getCurrent());

        Throwable refused = AccessTest.failure(hangar.commands().run(VIEWER, web.ref(), VmVerb.SHUTDOWN));
        assertInstanceOf(AccessDeniedException.class, refused);
        assertEquals("Viewer 'vera' may not shut down VM 'web'", refused.getMessage());
        assertEquals(List.of(), provider.calls);
        assertEquals(List.of("vera", "viewer", "10.0.0.7", "shutdown", "vm:mem/" + TestProvider.CONNECTION + "/web", AuditEntry.REFUSED),
                described(lastAudited()));

        assertNull(AccessTest.failure(hangar.commands().run(OPERATOR, web.ref(), VmVerb.SHUTDOWN)));
        assertEquals(List.of("SHUTDOWN web"), provider.calls);
        assertEquals(List.of("otto", "operator", "10.0.0.8", "shutdown", "vm:mem/" + TestProvider.CONNECTION + "/web", AuditEntry.OK),
                described(lastAudited()));
    }

    @Test
    void aCommandsThunkAndTheThunksItDispatchesSeeWhoAsked() throws Exception {
        List<Optional<Caller>> seen = new CopyOnWriteArrayList<>();
        Thunk<Void> probe = (dispatcher, state) -> {
            seen.add(Caller.of(dispatcher));
            return dispatcher.dispatch((Thunk<Void>) (inner, innerState) -> {
                seen.add(Caller.of(inner));
                return CompletableFuture.completedFuture(null);
            });
        };
        assertNull(AccessTest.failure(hangar.commands().run(OPERATOR, web.ref(), ProviderAction.of("probe", "Probe"), Map.of(), probe)));
        Caller otto = new Caller("otto", "operator", "10.0.0.8");
        assertEquals(List.of(Optional.of(otto), Optional.of(otto)), seen);

        // A thunk dispatched for no one (a provider's own load or refresh) has no caller.
        hangar.store().dispatch((Thunk<Void>) (dispatcher, state) -> {
            seen.add(Caller.of(dispatcher));
            return CompletableFuture.completedFuture(null);
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Optional.empty(), seen.get(2));
    }

    private AuditEntry lastAudited() {
        List<AuditEntry> entries = hangar.security().audit().last(100);
        return entries.get(entries.size() - 1);
    }

    private static List<String> described(AuditEntry entry) {
        return List.of(entry.user(), entry.role(), entry.address(), entry.verb(), entry.target(), entry.result());
    }
}
