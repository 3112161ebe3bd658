package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.hangar.plugins.ApiVersion;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.VmStates;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/**
 * The built plugin JAR as the host loads it: PF4J finds the provider through its extension index,
 * libvirt-java comes from the JAR and JNA from the application. Loaded, stopped and loaded again in
 * one JVM, its events still arrive (the event loop is started once per process).
 */
class PluginJarIT {

    @Test
    void thePluginJarLoadsWorksAndLoadsAgain(@TempDir Path plugins) throws IOException {
        Files.copy(builtJar(), plugins.resolve("hangar-plugin-libvirt.jar"));
        ClassLoader first = runOnce(plugins);
        ClassLoader second = runOnce(plugins);
        assertNotSame(first, second, "the second start used a fresh plugin class loader");
    }

    private static ClassLoader runOnce(Path plugins) {
        PluginManager manager = new JarPluginManager(plugins);
        manager.setSystemVersion(ApiVersion.CURRENT);
        manager.loadPlugins();
        manager.startPlugins();
        try {
            assertEquals(PluginState.STARTED, manager.getPlugin("libvirt").getPluginState());
            List<VirtProvider> providers = manager.getExtensions(VirtProvider.class, "libvirt");
            assertEquals(1, providers.size());
            VirtProvider provider = providers.get(0);
            assertEquals("libvirt", provider.name());
            ClassLoader loader = provider.getClass().getClassLoader();
            assertNotSame(LibvirtProvider.class.getClassLoader(), loader, "the provider came from the JAR");
            assertEquals(manager.getPluginClassLoader("libvirt"), loader.loadClass("org.libvirt.Connect")
                    .getClassLoader(), "libvirt-java is bundled in the plugin");
            assertNotSame(loader, loader.loadClass("com.sun.jna.Native").getClassLoader(),
                    "JNA comes from the application, never from the plugin");

            try (Harness h = Harness.started(provider, Harness.options(Harness.demoUri()))) {
                assertEquals(32, h.vms().vms().size());
                h.run(provider.startVm(h.ref("backup")));
                h.awaitState("backup", VmStates.RUNNING);
            }
            return loader;
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        } finally {
            manager.stopPlugins();
            manager.unloadPlugins();
        }
    }

    private static Path builtJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "hangar-plugin-libvirt-*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new AssertionError("no target/hangar-plugin-libvirt-*.jar: run mvn verify, which packages it first");
    }
}
