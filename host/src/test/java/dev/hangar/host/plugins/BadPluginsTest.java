package dev.hangar.host.plugins;

import static dev.hangar.host.plugins.Hosts.row;
import static dev.hangar.host.plugins.Hosts.rowOf;
import static dev.hangar.host.plugins.Hosts.vmsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.component.Component;
import dev.hangar.host.Hangar;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.host.state.ProviderStatus;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host, one plugins folder full of broken plugins next to a good one: each failure is shown in
 * words on its row, and the good provider keeps working.
 */
class BadPluginsTest {
    @TempDir
    static Path temp;
    static Path folder;
    static Hangar hangar;

    @BeforeAll
    static void startHostOnAFolderOfBadPlugins() throws Exception {
        folder = Files.createDirectories(temp.resolve("plugins"));
        TestProvider good = TestProvider.named("good");
        good.jar("good").writeTo(folder, "good.jar");
        good.jar("good").writeTo(folder, "zz-duplicate.jar");
        TestProvider.named("flaky")
                .with("forceOff", "throw new IllegalStateException(\"exploded before making a thunk\");")
                .with("reboot", "return (d, s) -> CompletableFuture.failedFuture(new IllegalStateException(\"the engine refused the reboot\"));")
                .with("tabs", "return List.of(new VmTab(\"Boom\", vm -> { throw new IllegalStateException(\"tab exploded\"); }));")
                .with("columns", "return List.of(new DiskColumn(\"Bad\", 1, (vm, target) -> { throw new IllegalArgumentException(\"no such disk: \" + target); }));")
                .jar("flaky").writeTo(folder, "flaky.jar");
        PluginJar.plainJar().source("t.plain.Util", "package t.plain; public class Util {}").writeTo(folder, "not-a-plugin.jar");
        Files.write(folder.resolve("garbage.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        TestProvider.named("noid").jar("noid").without("Plugin-Id").writeTo(folder, "no-id.jar");
        TestProvider.named("future").jar("future").attribute("Plugin-Requires", ">=3.0.0").writeTo(folder, "future.jar");
        TestProvider.named("ctor").with("ctor", "if (true) throw new IllegalStateException(\"no licence file\");")
                .jar("ctor").writeTo(folder, "ctor.jar");
        TestProvider.named("initfalse").with("init", "return CompletableFuture.completedFuture(false);")
                .jar("initfalse").writeTo(folder, "init-false.jar");
        TestProvider.named("initfails").with("init",
                "return CompletableFuture.failedFuture(new IllegalStateException(\"engine at 127.0.0.1:1 refused the connection\"));")
                .jar("initfails").writeTo(folder, "init-fails.jar");
        TestProvider.named("inithangs").with("init", "return new CompletableFuture<>();").jar("inithangs").writeTo(folder, "init-hangs.jar");
        TestProvider.named("initthrows").with("init", "throw new IllegalStateException(\"init threw\");")
                .jar("initthrows").writeTo(folder, "init-throws.jar");
        TestProvider.named("bundler").jar("bundler")
                .entry("dev/hangar/plugins/VirtProvider.class", PluginJar.classBytes(VirtProvider.class))
                .entry("com/vaadin/flow/component/Component.class", PluginJar.classBytes(Component.class))
                .writeTo(folder, "bundler.jar");
        TestProvider.named("missing").jar("missing").index("t.missing.P\nt.missing.Nope\n").writeTo(folder, "missing.jar");
        TestProvider.named("empty").jar("empty").index("").writeTo(folder, "no-extensions.jar");
        TestProvider.named("switchedoff").jar("switchedoff").writeTo(folder, "switched-off.jar");
        TestProvider.named("exitininit").with("init", "System.exit(3); return CompletableFuture.completedFuture(true);")
                .jar("exitininit").writeTo(folder, "exit-in-init.jar");
        TestProvider.named("haltinthunk").with("start",
                "return (d, s) -> { Runtime.getRuntime().halt(4); return CompletableFuture.completedFuture(null); };")
                .jar("haltinthunk").writeTo(folder, "halt-in-thunk.jar");
        // A real stack overflow, when anyone runs an action on any VM.
        TestProvider.named("overflow").with("reducer", """
                if (action.getClass().getSimpleName().equals("VmActionStarted")) {  // the host's own action, not in the API
                    java.util.function.IntUnaryOperator[] deeper = new java.util.function.IntUnaryOperator[1];
                    deeper[0] = n -> deeper[0].applyAsInt(n + 1) + 1;
                    return state + deeper[0].applyAsInt(0);
                }
                return state;""").jar("overflow").writeTo(folder, "overflow.jar");
        TestProvider.named("reducerthrows").with("reducer", """
                if (action.getClass().getSimpleName().equals("VmActionSucceeded")) {
                    throw new IllegalStateException("cannot count successes");
                }
                return state;""").jar("reducerthrows").writeTo(folder, "reducer-throws.jar");
        // Tries to change the good provider's VMs, and to dispatch the host's own ProviderRemoved (found by reflection).
        TestProvider.named("intruder").with("vms", "3").with("init", """
                try {
                    Class<?> removed = Class.forName("dev.hangar.host.state.HostVmAction$ProviderRemoved");
                    context.store().dispatch((Action) removed.getConstructor(String.class).newInstance("good"));
                    System.setProperty("hangar.test.intruder.init", "dispatched");
                } catch (Exception e) {
                    System.setProperty("hangar.test.intruder.init", String.valueOf(e.getMessage()));
                }
                System.setProperty("hangar.test.intruder.store", context.store() instanceof Store ? "the store" : "a lane");
                return CompletableFuture.completedFuture(true);""").with("start", """
                return (d, s) -> {
                    if (d instanceof Store) {
                        throw new IllegalStateException("the thunk was handed the store itself");
                    }
                    VmRef theirs = new VmRef("good", "test://good", "good-1", "good-1-id");
                    switch (ref.name()) {
                        case "intruder-1" -> d.dispatch(ctx.actions().replaceVms("good", "test://good", List.of()));
                        case "intruder-2" -> ctx.store().dispatch(ctx.actions().vmRemoved(theirs));
                        default -> d.dispatch(ctx.actions().updateOrAddVm(new Vm(theirs, "crashed", null, 1, 1024, 1024,
                                null, false, true, List.of(), List.of())));
                    }
                    return CompletableFuture.completedFuture(null);
                };""").jar("intruder").writeTo(folder, "intruder.jar");
        hangar = Hosts.start(folder, temp.resolve("data"), "--option", "plugin-init-timeout=2s",
                "--disable-plugin", "switchedoff");
    }

    @AfterAll
    static void stop() {
        if (hangar != null) {  // else the failure of the start is the one to see
            hangar.close();
        }
    }



    @Test
    void theGoodProviderWorksAmongThem() throws Exception {
        List<Vm> vms = vmsOf(hangar, "good");
        assertEquals(List.of("good-1", "good-2"), vms.stream().map(Vm::name).toList());
        hangar.commands().run(Hosts.ADMIN, vms.get(0).ref(), VmVerb.START).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(VmStates.RUNNING, vmsOf(hangar, "good").get(0).state());
        List<PluginInfo> good = hangar.pluginService().plugins().stream().filter(p -> "good".equals(p.id())).toList();
        assertEquals(2, good.size(), "the plugin and its duplicate: " + good);
        PluginInfo active = good.stream().filter(p -> p.state() == PluginInfo.State.ACTIVE).findFirst().orElseThrow();
        assertNull(active.error());
        assertEquals(List.of("good"), active.providers().stream().map(ProviderStatus::provider).toList());
        assertEquals("1.0.0", active.version());
        assertEquals(">=2.0.0 & <3.0.0", active.requires());
    }

    @Test
    void twoPluginsWithTheSameId() {
        PluginInfo duplicate = hangar.pluginService().plugins().stream()
                .filter(p -> "good".equals(p.id()) && p.state() == PluginInfo.State.FAILED).findFirst().orElseThrow();
        String other = duplicate.path().getFileName().toString().equals("good.jar") ? "zz-duplicate.jar" : "good.jar";
        assertEquals("plugin id 'good' is already used by " + other + "; this JAR was not loaded (remove one of them)",
                duplicate.error());
    }

    @Test
    void aJarThatIsNotAPlugin() {
        PluginInfo plain = rowOf(hangar, folder.resolve("not-a-plugin.jar"));
        assertEquals(PluginInfo.State.FAILED, plain.state());
        assertNull(plain.id());
        assertEquals("its manifest has no Plugin-Id, so it is not a Hangar plugin (META-INF/MANIFEST.MF needs Plugin-Id and Plugin-Version)",
                plain.error());
        assertEquals(plain.error(), rowOf(hangar, folder.resolve("no-id.jar")).error(), "a manifest without id");
    }

    @Test
    void aFileThatIsNotAJar() {
        PluginInfo garbage = rowOf(hangar, folder.resolve("garbage.jar"));
        assertEquals(PluginInfo.State.FAILED, garbage.state());
        assertTrue(garbage.error().startsWith("it is not a readable JAR: "), garbage.error());
    }

    @Test
    void aPluginThatNeedsANewerApi() {
        PluginInfo future = row(hangar, "future");
        assertEquals(PluginInfo.State.DISABLED, future.state());
        assertEquals("requires API >=3.0.0, this host provides 2.3.0", future.error());
        assertTrue(vmsOf(hangar, "future").isEmpty());
    }

    @Test
    void aPluginDisabledByConfigurationIsNoProblem() {
        PluginInfo off = row(hangar, "switchedoff");
        assertEquals(PluginInfo.State.DISABLED, off.state());
        assertEquals("disabled by configuration (--disable-plugin switchedoff)", off.note());
        assertNull(off.error());
        assertTrue(vmsOf(hangar, "switchedoff").isEmpty());
    }

    @Test
    void aPluginThatCallsSystemExitInInitIsRefusedAndDisabled() {
        // This test's JVM still runs: the host survived.
        PluginInfo exiter = row(hangar, "exitininit");
        assertEquals(PluginInfo.State.FAILED, exiter.state());
        assertEquals("provider 'exitininit': it tried to end the host process (exit status 3); the host refused"
                + " and disabled it (reload it to try again)", exiter.error());
        assertTrue(hangar.providers().get("exitininit").isEmpty());
        assertEquals(2, vmsOf(hangar, "good").size(), "the others keep running");
    }

    @Test
    void aThunkThatHaltsTheProcessIsRefusedAndItsPluginDisabled() throws Exception {
        Vm vm = vmsOf(hangar, "haltinthunk").get(0);
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.START).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("plugin 'haltinthunk' tried to end the host process (exit or halt with status 4);"
                + " a plugin may not, so it was disabled", failed.getCause().getMessage());
        Hosts.await(() -> row(hangar, "haltinthunk").state() == PluginInfo.State.FAILED, "the plugin to be disabled");
        assertEquals("provider 'haltinthunk': it tried to end the host process (exit status 4); the host refused"
                + " and disabled it (reload it to try again)", row(hangar, "haltinthunk").error());
        assertTrue(vmsOf(hangar, "haltinthunk").isEmpty(), "its VMs are gone");
    }

    @Test
    void aReducerThatOverflowsItsStackIsDisabledAndLaterDispatchesWork() throws Exception {
        Vm vm = vmsOf(hangar, "good").get(1);
        // Every action on any VM goes through the overflowing reducer: the first disables it.
        hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.START).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Hosts.await(() -> row(hangar, "overflow").state() == PluginInfo.State.FAILED, "the plugin to be disabled");
        assertEquals("provider 'overflow': its reducer on VmActionStarted threw StackOverflowError; the provider was"
                + " disabled (reload its plugin to try again)", row(hangar, "overflow").error());
        assertFalse(hangar.store().getState().has("overflow"), "its branch is removed");
        hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.SHUTDOWN).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(VmStates.SHUT_OFF, vmsOf(hangar, "good").get(1).state(), "later dispatches work");
        hangar.pluginService().unload(Hosts.ADMIN, "overflow").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(PluginInfo.State.UNLOADED, row(hangar, "overflow").state());
    }

    @Test
    void aReducerThatThrowsIsListedOnItsPlugin() throws Exception {
        Vm vm = vmsOf(hangar, "reducerthrows").get(0);
        hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.START).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Hosts.await(() -> !row(hangar, "reducerthrows").problems().isEmpty(), "the problem to be listed");
        assertEquals(List.of("its reducer on VmActionSucceeded failed: cannot count successes"),
                row(hangar, "reducerthrows").problems());
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "reducerthrows").state(), "an exception does not disable it");
    }

    @Test
    void anExtensionWhoseConstructorThrows() {
        PluginInfo ctor = row(hangar, "ctor");
        assertEquals(PluginInfo.State.FAILED, ctor.state());
        assertEquals("extension t.ctor.P could not be created: no licence file", ctor.error());
    }

    @Test
    void anIndexThatNamesAMissingClassAndAnEmptyIndex() {
        PluginInfo missing = row(hangar, "missing");
        assertEquals(PluginInfo.State.FAILED, missing.state());
        assertEquals("extension t.missing.Nope listed in META-INF/extensions.idx cannot be loaded: ClassNotFoundException: t.missing.Nope",
                missing.error());
        assertEquals(List.of("missing"), vmsOf(hangar, "missing").stream().map(vm -> vm.ref().provider()).distinct().toList(),
                "the extension that exists still runs");
        PluginInfo empty = row(hangar, "empty");
        assertEquals("it contains no provider: META-INF/extensions.idx lists no VirtProvider extension"
                + " (was PF4J's annotation processor part of its build?)", empty.error());
    }

    @Test
    void initThatReturnsFalseFailsNeverCompletesOrThrows() {
        assertEquals("provider 'initfalse': init returned false", row(hangar, "initfalse").error());
        assertEquals("provider 'initfails': init failed: engine at 127.0.0.1:1 refused the connection",
                row(hangar, "initfails").error());
        assertEquals("provider 'inithangs': init did not complete within 2 s", row(hangar, "inithangs").error());
        assertEquals("provider 'initthrows': init failed: init threw", row(hangar, "initthrows").error());
        for (String id : List.of("initfalse", "initfails", "inithangs", "initthrows")) {
            assertEquals(PluginInfo.State.FAILED, row(hangar, id).state(), id);
            assertTrue(vmsOf(hangar, id).isEmpty(), id);
            assertTrue(hangar.providers().get(id).isEmpty(), id + " is not active");
            assertTrue(!hangar.store().getState().has(id), id + "'s branch is removed");
        }
        assertEquals("true", System.getProperty("hangar.test.closed.inithangs"), "a timed-out provider is closed");
    }

    @Test
    void aPluginThatBundlesTheApiOrVaadinIsRefused() {
        PluginInfo bundler = rowOf(hangar, folder.resolve("bundler.jar"));
        assertEquals(PluginInfo.State.FAILED, bundler.state());
        assertEquals("bundler", bundler.id());
        assertEquals("it bundles its own copy of classes the host provides: com.vaadin* (1 classes, e.g. "
                + "com.vaadin.flow.component.Component), dev.hangar.plugins* (1 classes, e.g. dev.hangar.plugins.VirtProvider)."
                + " Declare those dependencies with <scope>provided</scope> so that the plugin uses the host's", bundler.error());
    }

    @Test
    void aProviderMethodThatThrowsInsteadOfReturningAThunk() throws Exception {
        Vm vm = vmsOf(hangar, "flaky").get(0);
        hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.START).toCompletableFuture().get(5, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.FORCE_OFF).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("Provider 'flaky' failed to force off: exploded before making a thunk", failed.getCause().getMessage());
        assertEquals("Provider 'flaky' failed to force off: exploded before making a thunk",
                Hosts.vms(hangar).errors().get(vm.ref()).message());
        assertTrue(hangar.providers().get("flaky").isPresent(), "the provider stays active");
    }

    @Test
    void aThunkThatFails() throws Exception {
        Vm vm = vmsOf(hangar, "flaky").get(1);
        hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.START).toCompletableFuture().get(5, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.REBOOT).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("the engine refused the reboot", failed.getCause().getMessage());
        assertEquals("the engine refused the reboot", Hosts.vms(hangar).errors().get(vm.ref()).message());
        assertTrue(Hosts.vms(hangar).pending().isEmpty() || !Hosts.vms(hangar).pending().containsKey(vm.ref()));
    }

    @Test
    void aTabOrDiskColumnThatThrowsIsReportedOnItsPlugin() {
        ActiveProvider flaky = hangar.providers().get("flaky").orElseThrow();
        VmTab tab = flaky.provider().vmTabs().get(0);
        DiskColumn column = flaky.provider().vmDiskColumns().get(0);
        PluginService service = hangar.pluginService();
        String shownInTab = service.guard("flaky", "tab 'Boom'", () -> tab.factory().apply(null).toString(), problem -> problem);
        assertEquals("tab 'Boom' failed: tab exploded", shownInTab);
        Object cell = service.guard("flaky", "disk column 'Bad'", () -> column.value().of(null, "vda"), problem -> "failed");
        assertEquals("failed", cell);
        assertEquals(List.of("tab 'Boom' failed: tab exploded", "disk column 'Bad' failed: no such disk: vda"),
                row(hangar, "flaky").problems());
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "flaky").state());
    }

    @Test
    void aProviderCannotChangeAnotherProvidersVmsNorDispatchTheHostsOwnActions() throws Exception {
        List<Vm> before = vmsOf(hangar, "good");
        assertEquals("a lane", System.getProperty("hangar.test.intruder.store"), "init was handed a lane, not the store");
        assertEquals("Provider 'intruder' may not dispatch ProviderRemoved: only the host dispatches it",
                System.getProperty("hangar.test.intruder.init"));
        List<String> refused = List.of(
                "Provider 'intruder' may not dispatch VmsReplaced: it replaces the VMs of provider 'good';"
                        + " a provider changes only its own VMs",
                "Provider 'intruder' may not dispatch VmRemoved: it removes VM 'good-1' of provider 'good';"
                        + " a provider changes only its own VMs",
                "Provider 'intruder' may not dispatch VmUpdated: it updates VM 'good-1' of provider 'good';"
                        + " a provider changes only its own VMs");
        List<Vm> intruders = vmsOf(hangar, "intruder");
        for (int i = 0; i < refused.size(); i++) {
            Vm vm = intruders.get(i);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> hangar.commands().run(Hosts.ADMIN, vm.ref(), VmVerb.START).toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals(refused.get(i), failed.getCause().getMessage());
            assertEquals(refused.get(i), Hosts.vms(hangar).errors().get(vm.ref()).message(), "shown on the intruder's VM");
        }
        assertEquals(before, vmsOf(hangar, "good"), "the other provider's VMs are untouched");
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "good").state());
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "intruder").state(), "a refused action fails only that action");
    }
}
