package dev.hangar.host.plugins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.Hangar;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unloaded plugin leaves nothing behind that keeps its classes: the host can load plugins for ever. */
class ClassLoaderReleaseTest {
    @TempDir
    Path temp;
    Path folder;
    Hangar hangar;

    @BeforeEach
    void startOnAnEmptyFolder() throws Exception {
        folder = Files.createDirectories(temp.resolve("plugins"));
        hangar = Hosts.start(folder, temp.resolve("data"));
        Hosts.actAsAdministrator();
    }

    @AfterEach
    void stop() {
        Hosts.signOut();
        hangar.close();
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
        hangar.pluginService().rescan().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("branch of alpha, greeted", hangar.store().getState().get("alpha", String.class));

        WeakReference<ClassLoader> loader = loaderOfLoggedAction("alpha");
        hangar.pluginService().unload("alpha").toCompletableFuture().get(10, TimeUnit.SECONDS);

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
