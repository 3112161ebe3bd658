package dev.hangar.host.plugins;

import static dev.hangar.host.plugins.Hosts.row;
import static dev.hangar.host.plugins.Hosts.vmsOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.Hangar;
import dev.hangar.host.HostOptions;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.plugins.vm.Vm;
import io.reactivex.rxjava3.disposables.Disposable;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Hot-loading: a running host picks up, unloads, reloads and forgets plugins without a restart, and
 * keeps nothing of an unloaded one.
 */
class PluginServiceTest {
    @TempDir
    Path temp;
    Path folder;
    Hangar hangar;

    @BeforeEach
    void startOnAnEmptyFolder() throws Exception {
        folder = Files.createDirectories(temp.resolve("plugins"));
        hangar = Hosts.start(folder, temp.resolve("data"));
        assertTrue(hangar.pluginService().plugins().isEmpty());
    }

    @AfterEach
    void stop() {
        hangar.close();
    }

    @Test
    void aJarDroppedIntoTheFolderLoadsOnRescan() throws Exception {
        List<List<PluginInfo>> seen = new CopyOnWriteArrayList<>();
        Disposable watching = hangar.pluginService().changes().subscribe(seen::add);
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");

        RescanResult result = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("alpha"), result.loaded());
        assertEquals("Loaded alpha", result.summary());
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "alpha").state());
        assertEquals(List.of("alpha-1", "alpha-2"), vmsOf(hangar, "alpha").stream().map(Vm::name).toList());
        assertEquals("branch of alpha", hangar.store().getState().get("alpha", String.class));
        Hosts.await(() -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(hangar.pluginService().plugins()),
                "changes() to publish the final rows");
        assertTrue(seen.stream().anyMatch(rows -> rows.stream().anyMatch(r -> "alpha".equals(r.id()))));
        watching.dispose();

        RescanResult again = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("No change in the plugins folder", again.summary());
    }

    @Test
    void unloadDropsProvidersFirstAndStaysUnloadedUntilReload() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<Map<String, ActiveProvider>> active = new CopyOnWriteArrayList<>();
        Disposable watching = hangar.providers().changes().subscribe(active::add);
        System.clearProperty("hangar.test.closed.alpha");

        hangar.pluginService().unload(Hosts.ADMIN, "alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertFalse(active.get(active.size() - 1).containsKey("alpha"), "open UIs hear that the provider left");
        watching.dispose();
        assertTrue(vmsOf(hangar, "alpha").isEmpty());
        assertFalse(hangar.store().getState().has("alpha"), "its branch is removed");
        assertEquals("true", System.getProperty("hangar.test.closed.alpha"));
        assertEquals(PluginInfo.State.UNLOADED, row(hangar, "alpha").state());
        assertTrue(row(hangar, "alpha").providers().isEmpty());
        assertTrue(hangar.plugins().getPlugin("alpha") == null, "PF4J has unloaded it");

        hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(PluginInfo.State.UNLOADED, row(hangar, "alpha").state(), "a rescan does not undo an unload");

        hangar.pluginService().reload(Hosts.ADMIN, "alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "alpha").state());
        assertEquals(2, vmsOf(hangar, "alpha").size());
    }

    @Test
    void reloadTakesAReplacedJarInANewClassLoader() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ClassLoader before = hangar.providers().get("alpha").orElseThrow().provider().plugin().getClass().getClassLoader();

        TestProvider.named("alpha").with("vms", "3").jar("alpha").attribute("Plugin-Version", "1.1.0").writeTo(folder, "alpha.jar");
        hangar.pluginService().reload(Hosts.ADMIN, "alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals("1.1.0", row(hangar, "alpha").version());
        assertEquals(3, vmsOf(hangar, "alpha").size(), () -> row(hangar, "alpha") + " " + Hosts.vms(hangar).vms().keySet());
        assertTrue(before != hangar.providers().get("alpha").orElseThrow().provider().plugin().getClass().getClassLoader());
    }

    @Test
    void aJarRemovedFromTheFolderIsUnloadedOnRescan() throws Exception {
        Path jar = TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Files.delete(jar);

        RescanResult result = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("alpha"), result.removed());
        assertTrue(vmsOf(hangar, "alpha").isEmpty());
        assertTrue(hangar.pluginService().plugins().isEmpty());
    }

    @Test
    void aJarThatFailedToLoadIsRetriedOnRescanOnceFixed() throws Exception {
        Path jar = TestProvider.named("beta").jar("beta").without("Plugin-Id").writeTo(folder, "beta.jar");
        RescanResult broken = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(jar), broken.failed());
        assertEquals(PluginInfo.State.FAILED, Hosts.rowOf(hangar, jar).state());

        TestProvider.named("beta").jar("beta").writeTo(folder, "beta.jar");
        RescanResult fixed = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("beta"), fixed.loaded());
        assertEquals(1, hangar.pluginService().plugins().size(), "the failure is gone: " + hangar.pluginService().plugins());
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "beta").state());
    }

    @Test
    void unknownPluginsAreRefusedInWords() {
        ExecutionException unload = assertThrows(ExecutionException.class,
                () -> hangar.pluginService().unload(Hosts.ADMIN, "nope").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("No plugin 'nope' is loaded", unload.getCause().getMessage());
        ExecutionException reload = assertThrows(ExecutionException.class,
                () -> hangar.pluginService().reload(Hosts.ADMIN, "nope").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("There is no plugin 'nope' to reload", reload.getCause().getMessage());
    }

    @Test
    void onlyAdministratorsChangeThePluginSet() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        Actor olga = new Actor("olga", Role.OPERATOR, "127.0.0.1");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> hangar.pluginService().rescan(olga).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("Operator 'olga' may not rescan plugins:" + folder, refused.getCause().getMessage());
        assertTrue(hangar.pluginService().plugins().isEmpty(), "nothing was loaded");
    }

    @Test
    void aRescanSaysLoadedOnlyForPluginsThatStarted() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        TestProvider.named("broken").with("init", "return CompletableFuture.completedFuture(false);")
                .jar("broken").writeTo(folder, "broken.jar");

        RescanResult result = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("alpha"), result.loaded());
        assertEquals("Loaded alpha; Not started: broken (failed) (see its row)", result.summary());
    }

    @Test
    void theRescanIsAuditedBeforeThePluginCodeRuns() throws Exception {
        // Its init fails unless the audit log already holds the rescan that loads it.
        TestProvider.named("auditcheck").with("init", """
                try {
                    String audit = java.nio.file.Files.readString(context.dataDir().getParent().getParent().resolve("audit.log"));
                    return CompletableFuture.completedFuture(audit.contains("rescan"));
                } catch (java.io.IOException e) {
                    return CompletableFuture.failedFuture(new IllegalStateException("no audit log yet: " + e));
                }""").jar("auditcheck").writeTo(folder, "audit-check.jar");

        hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "auditcheck").state(), () -> row(hangar, "auditcheck").error());
    }

    @Test
    void aCloseThatBlocksAfterAnInitTimeoutHoldsUpNothing() throws Exception {
        hangar.close();
        hangar = Hosts.start(folder, temp.resolve("data"), "--option", "plugin-init-timeout=1s",
                "--option", "plugin-call-timeout=1s");
        // init never completes; close() then blocks for good, deaf to interrupts.
        TestProvider.named("stuck").with("init", "return new CompletableFuture<>();")
                .with("close", TestProvider.CLOSE_BLOCKS_FOR_GOOD).jar("stuck").writeTo(folder, "stuck.jar");

        RescanResult result = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("stuck (failed)"), result.notStarted());
        assertEquals("provider 'stuck': init did not complete within 1 s; close() of provider 'stuck' did not return"
                + " within 1 s", row(hangar, "stuck").error());
        // The JDK's shared delay scheduler is free: every orTimeout in the process still fires.
        ExecutionException late = assertThrows(ExecutionException.class,
                () -> new CompletableFuture<Void>().orTimeout(50, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS));
        assertTrue(late.getCause() instanceof java.util.concurrent.TimeoutException, late.toString());
        // And later plugin operations go on.
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        assertEquals(List.of("alpha"), hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS).loaded());
        hangar.pluginService().unload(Hosts.ADMIN, "stuck").toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aZipBombIsRefusedBeforeAnythingReadsIt() throws Exception {
        // 3 GiB of index in a JAR of a few KB.
        Path bomb = TestProvider.named("bomb").jar("bomb").bomb("META-INF/extensions.idx", 3L << 30).writeTo(folder, "bomb.jar");
        assertTrue(Files.size(bomb) < 4 << 20, "small on disk: " + Files.size(bomb));

        long started = System.nanoTime();
        RescanResult result = hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "refused at once");
        assertEquals(List.of(bomb), result.failed());
        PluginInfo row = Hosts.rowOf(hangar, bomb);
        assertEquals(PluginInfo.State.FAILED, row.state());
        assertEquals("its META-INF/extensions.idx unpacks to 3.0 GiB, more than the 1 MiB the host reads from it"
                + " (a zip bomb?); it was not loaded", row.error());
    }

    @Test
    void aPluginDuringWhoseStartTheProcessDiedIsQuarantinedUntilReloaded() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        hangar.close();
        // What a process that died in alpha's init leaves behind.
        Path markers = Files.createDirectories(temp.resolve("data").resolve("plugin-starts"));
        Files.writeString(markers.resolve("alpha.starting"), "2026-12-01T22:00:00Z");

        hangar = Hosts.start(folder, temp.resolve("data"));

        assertEquals(PluginInfo.State.FAILED, row(hangar, "alpha").state());
        assertEquals("quarantined: the host process ended while this plugin was starting (at 2026-12-01T22:00:00Z),"
                + " so it is not started again until an administrator reloads it", row(hangar, "alpha").error());
        assertTrue(vmsOf(hangar, "alpha").isEmpty());
        hangar.close();
        hangar = Hosts.start(folder, temp.resolve("data"));
        assertEquals(PluginInfo.State.FAILED, row(hangar, "alpha").state(), "still, after another restart");

        hangar.pluginService().reload(Hosts.ADMIN, "alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "alpha").state());
        hangar.close();
        hangar = Hosts.start(folder, temp.resolve("data"));
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "alpha").state(), "a clean start leaves no marker");
    }

    @Test
    void aPluginSwitchedOffInDisabledTxtStartsOnlyWhenEnabled() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        Files.writeString(folder.resolve("disabled.txt"), "# shipped switched off\nalpha\n");
        hangar.close();
        hangar = Hosts.start(folder, temp.resolve("data"));
        PluginInfo off = row(hangar, "alpha");
        assertEquals(PluginInfo.State.DISABLED, off.state());
        assertEquals("switched off in " + folder.resolve("disabled.txt") + " (start it with --enable-plugin alpha)", off.note());
        assertTrue(vmsOf(hangar, "alpha").isEmpty());

        hangar.close();
        hangar = Hosts.start(folder, temp.resolve("data"), "--enable-plugin", "alpha");
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "alpha").state());
        assertEquals("# shipped switched off\nalpha\n", Files.readString(folder.resolve("disabled.txt")), "left as it was");
    }

    @Test
    void theInitTimeoutIsAnOption() {
        HostOptions options = new HostOptions();
        new CommandLine(options).parseArgs("--option", "plugin-init-timeout=1500ms");
        assertEquals(1500, options.pluginInitTimeout().toMillis());
        HostOptions bad = new HostOptions();
        new CommandLine(bad).parseArgs("--option", "plugin-init-timeout=soon");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::pluginInitTimeout);
        assertEquals("plugin-init-timeout: 'soon' is not a positive duration (e.g. 30s, 500ms, 2m)", e.getMessage());
    }

    @Test
    void anUnloadedPluginsClassLoaderIsCollectedThoughItsActionsWereLogged() throws Exception {
        // A provider with an action of its own, which its branch's reducer handles, as a real one has.
        TestProvider.named("alpha")
                .with("init", """
                        record Hello(String from) implements Action { }
                        context.store().dispatch(new Hello("alpha"));
                        return CompletableFuture.completedFuture(true);""")
                .with("reducer", "return action.getClass().getSimpleName().equals(\"Hello\") ? state + \", greeted\" : state;")
                .jar("alpha").writeTo(folder, "alpha.jar");
        hangar.pluginService().rescan(Hosts.ADMIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("branch of alpha, greeted", hangar.store().getState().get("alpha", String.class));

        WeakReference<ClassLoader> loader = loaderOfLoggedAction("alpha");
        hangar.pluginService().unload(Hosts.ADMIN, "alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);

        await("the class loader of unloaded plugin alpha to be collected")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    System.gc();
                    return loader.get() == null;
                });
        // The log still says what happened, by name.
        assertTrue(hangar.actionLog().entries().stream().anyMatch(e -> e.type().equals("Hello") && e.action() == null),
                "the plugin's action is still listed, without its object");
    }

    /** The plugin's class loader, held weakly, after checking that the action log holds an action of its classes. */
    private WeakReference<ClassLoader> loaderOfLoggedAction(String pluginId) {
        ClassLoader loader = hangar.plugins().getPlugin(pluginId).getPluginClassLoader();
        assertTrue(hangar.actionLog().entries().stream()
                        .anyMatch(e -> e.action() != null && e.action().getClass().getClassLoader() == loader),
                "the action log holds an action of the plugin's classes");
        return new WeakReference<>(loader);
    }
}
