package dev.hangar.host.plugins;

import dev.hangar.host.Hangar;
import dev.hangar.host.HostOptions;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/** Starts a real Hangar (no web server) on a plugins folder, the way Main does. */
final class Hosts {
    private Hosts() {
    }

    static Hangar start(Path pluginsDir, Path dataDir, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--plugins-dir", pluginsDir.toString(), "--data-dir", dataDir.toString()));
        args.addAll(List.of(more));
        HostOptions options = new HostOptions();
        new CommandLine(options).parseArgs(args.toArray(String[]::new));
        Hangar hangar = new Hangar(options);
        hangar.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return hangar;
    }

    /** Who the tests' VM actions and plugin changes are asked by: an administrator, as on the Plugins page. */
    static final Actor ADMIN = new Actor("plugin-tests", Role.ADMINISTRATOR, "127.0.0.1");

    static VmsState vms(Hangar hangar) {
        return hangar.store().getState().get(VmsState.BRANCH, VmsState.class);
    }

    static List<Vm> vmsOf(Hangar hangar, String provider) {
        return vms(hangar).vms().values().stream().filter(vm -> vm.ref().provider().equals(provider))
                .sorted(Comparator.comparing(Vm::name)).toList();
    }

    static PluginInfo row(Hangar hangar, String id) {
        return hangar.pluginService().plugins().stream().filter(p -> id.equals(p.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no row for plugin " + id + " in " + hangar.pluginService().plugins()));
    }

    static PluginInfo rowOf(Hangar hangar, Path jar) {
        return hangar.pluginService().plugins().stream().filter(p -> p.path().equals(jar)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + jar + " in " + hangar.pluginService().plugins()));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, java.time.Duration.ofSeconds(15));
    }

    static void await(BooleanSupplier condition, String what, java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
