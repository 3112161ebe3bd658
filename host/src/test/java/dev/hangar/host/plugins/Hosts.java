package dev.hangar.host.plugins;

import dev.hangar.host.Hangar;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.testsupport.Waiting;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Starts a real Hangar (no web server) on a plugins folder, the way Main does. */
final class Hosts {
    private Hosts() {
    }

    static Hangar start(Path pluginsDir, Path dataDir, String... more) throws Exception {
        return TestHangar.startHangar(pluginsDir, dataDir, Clock.systemUTC(), List.of(more));
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

    static void await(BooleanSupplier condition, String what) {
        await(condition, what, Duration.ofSeconds(15));
    }

    static void await(BooleanSupplier condition, String what, Duration limit) {
        Waiting.await(what, limit).until(condition::getAsBoolean);
    }
}
