package dev.hangar.host.plugins;

import static dev.hangar.host.plugins.Hosts.row;
import static dev.hangar.host.plugins.Hosts.vmsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.Hangar;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real plugin-example JAR, as built by its module, loaded from a folder by a real host. */
class ExamplePluginTest {
    @TempDir
    Path temp;

    /** plugin-example is built before host (see the parent's module order). */
    static Path exampleJar() throws IOException {
        Path target = Path.of("..", "plugin-example", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("hangar-plugin-example-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("build plugin-example first: no JAR in " + target));
        }
    }

    private Hangar start(String... more) throws Exception {
        Path folder = Files.createDirectories(temp.resolve("plugins"));
        Files.copy(exampleJar(), folder.resolve("example.jar"));
        List<String> args = new ArrayList<>(List.of("--option", "example-transition-ms=300",
                "--option", "example-migration-seconds=120", "--option", "example-migration-interval-seconds=0"));
        args.addAll(List.of(more));
        Hangar hangar = Hosts.start(folder, temp.resolve("data"), args.toArray(String[]::new));
        return hangar;
    }

    @Test
    void everyExtensionPointIsThereAndUnloadTakesItAllAway() throws Exception {
        try (Hangar hangar = start()) {
            PluginInfo example = row(hangar, "example");
            assertEquals(PluginInfo.State.ACTIVE, example.state());
            assertEquals(">=2.3.0 & <3.0.0", example.requires());
            assertEquals("Hangar", example.vendor());
            assertEquals(12, vmsOf(hangar, "example").size());
            assertTrue(hangar.store().getState().has("example"), "its branch");

            ActiveProvider provider = hangar.providers().get("example").orElseThrow();
            assertEquals("Migrating", provider.stateInfo("migrating").label());
            assertEquals("#7b3fbf", provider.stateInfo("migrating").color());
            assertEquals(List.of("Operations"), provider.provider().vmTabs().stream().map(VmTab::name).toList());
            assertEquals(List.of("Snapshots"), provider.provider().vmDiskColumns().stream().map(DiskColumn::title).toList());
            Hosts.await(() -> vm(hangar, "db-2").state().equals("migrating"), "db-2 to migrate (for two minutes)");

            Vm web3 = vm(hangar, "web-3");
            hangar.commands().run(Hosts.ADMIN, web3.ref(), VmVerb.START).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(VmStates.RUNNING, vm(hangar, "web-3").state());

            hangar.pluginService().unload(Hosts.ADMIN, "example").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(vmsOf(hangar, "example").isEmpty());
            assertFalse(hangar.store().getState().has("example"));
            Hosts.await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("example-engine")),
                    "the engine's thread to stop");
        }
    }

    @Test
    void configurationSwitchesItOff() throws Exception {
        try (Hangar hangar = start("--disable-plugin", "example")) {
            assertEquals(PluginInfo.State.DISABLED, row(hangar, "example").state());
            assertTrue(vmsOf(hangar, "example").isEmpty());
            assertTrue(hangar.providers().get("example").isEmpty());
        }
    }

    private static Vm vm(Hangar hangar, String name) {
        return vmsOf(hangar, "example").stream().filter(vm -> vm.name().equals(name)).findFirst().orElseThrow();
    }
}
