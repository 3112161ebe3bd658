package dev.hangar.host.plugins;

import static dev.hangar.host.plugins.Hosts.row;
import static dev.hangar.host.plugins.Hosts.vmsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.Hangar;
import dev.hangar.host.HostOptions;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.plugins.vm.Vm;
import io.reactivex.rxjava3.disposables.Disposable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Hot-loading: a running host picks up, unloads, reloads and forgets plugins without a restart. */
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
        Hosts.actAsAdministrator();
    }

    @AfterEach
    void stop() {
        Hosts.signOut();
        hangar.close();
    }

    @Test
    void aJarDroppedIntoTheFolderLoadsOnRescan() throws Exception {
        List<List<PluginInfo>> seen = new CopyOnWriteArrayList<>();
        Disposable watching = hangar.pluginService().changes().subscribe(seen::add);
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");

        RescanResult result = hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("alpha"), result.loaded());
        assertEquals("Loaded alpha", result.summary());
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "alpha").state());
        assertEquals(List.of("alpha-1", "alpha-2"), vmsOf(hangar, "alpha").stream().map(Vm::name).toList());
        assertEquals("branch of alpha", hangar.store().getState().get("alpha", String.class));
        Hosts.await(() -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(hangar.pluginService().plugins()),
                "changes() to publish the final rows");
        assertTrue(seen.stream().anyMatch(rows -> rows.stream().anyMatch(r -> "alpha".equals(r.id()))));
        watching.dispose();

        RescanResult again = hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("No change in the plugins folder", again.summary());
    }

    @Test
    void unloadDropsProvidersFirstAndStaysUnloadedUntilReload() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<Map<String, ActiveProvider>> active = new CopyOnWriteArrayList<>();
        Disposable watching = hangar.providers().changes().subscribe(active::add);
        System.clearProperty("hangar.test.closed.alpha");

        hangar.pluginService().unload("alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertFalse(active.get(active.size() - 1).containsKey("alpha"), "open UIs hear that the provider left");
        watching.dispose();
        assertTrue(vmsOf(hangar, "alpha").isEmpty());
        assertFalse(hangar.store().getState().has("alpha"), "its branch is removed");
        assertEquals("true", System.getProperty("hangar.test.closed.alpha"));
        assertEquals(PluginInfo.State.UNLOADED, row(hangar, "alpha").state());
        assertTrue(row(hangar, "alpha").providers().isEmpty());
        assertTrue(hangar.plugins().getPlugin("alpha") == null, "PF4J has unloaded it");

        hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(PluginInfo.State.UNLOADED, row(hangar, "alpha").state(), "a rescan does not undo an unload");

        hangar.pluginService().reload("alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "alpha").state());
        assertEquals(2, vmsOf(hangar, "alpha").size());
    }

    @Test
    void reloadTakesAReplacedJarInANewClassLoader() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ClassLoader before = hangar.providers().get("alpha").orElseThrow().provider().getClass().getClassLoader();

        TestProvider.named("alpha").with("vms", "3").jar("alpha").attribute("Plugin-Version", "1.1.0").writeTo(folder, "alpha.jar");
        hangar.pluginService().reload("alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals("1.1.0", row(hangar, "alpha").version());
        assertEquals(3, vmsOf(hangar, "alpha").size(), () -> row(hangar, "alpha") + " " + Hosts.vms(hangar).vms().keySet());
        assertTrue(before != hangar.providers().get("alpha").orElseThrow().provider().getClass().getClassLoader());
    }

    @Test
    void aJarRemovedFromTheFolderIsUnloadedOnRescan() throws Exception {
        Path jar = TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Files.delete(jar);

        RescanResult result = hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("alpha"), result.removed());
        assertTrue(vmsOf(hangar, "alpha").isEmpty());
        assertTrue(hangar.pluginService().plugins().isEmpty());
    }

    @Test
    void aJarThatFailedToLoadIsRetriedOnRescanOnceFixed() throws Exception {
        Path jar = TestProvider.named("beta").jar("beta").without("Plugin-Id").writeTo(folder, "beta.jar");
        RescanResult broken = hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(jar), broken.failed());
        assertEquals(PluginInfo.State.FAILED, Hosts.rowOf(hangar, jar).state());

        TestProvider.named("beta").jar("beta").writeTo(folder, "beta.jar");
        RescanResult fixed = hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of("beta"), fixed.loaded());
        assertEquals(1, hangar.pluginService().plugins().size(), "the failure is gone: " + hangar.pluginService().plugins());
        assertEquals(PluginInfo.State.ACTIVE, row(hangar, "beta").state());
    }

    @Test
    void unknownPluginsAreRefusedInWords() {
        ExecutionException unload = assertThrows(ExecutionException.class,
                () -> hangar.pluginService().unload("nope").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("No plugin 'nope' is loaded", unload.getCause().getMessage());
        ExecutionException reload = assertThrows(ExecutionException.class,
                () -> hangar.pluginService().reload("nope").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("There is no plugin 'nope' to reload", reload.getCause().getMessage());
    }

    @Test
    void onlyAdministratorsChangeThePluginSet() throws Exception {
        TestProvider.named("alpha").jar("alpha").writeTo(folder, "alpha.jar");
        Access.signIn(new Actor("olga", Role.OPERATOR, "127.0.0.1"));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("Operator 'olga' may not rescan plugins:" + folder, refused.getCause().getMessage());
        assertTrue(hangar.pluginService().plugins().isEmpty(), "nothing was loaded");
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
}
