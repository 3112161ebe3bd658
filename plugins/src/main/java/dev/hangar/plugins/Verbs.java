package dev.hangar.plugins;

import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Thunk;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * The one table from the seed's verbs to a provider's methods: for each {@link VmVerb}, the method
 * that makes its thunk and the predicate that says in which states it can run. The host offers and
 * runs verbs through it alone, so a verb and its predicate cannot drift apart.
 */
public final class Verbs {

    private record Row(BiFunction<VirtProvider, VmRef, Thunk<Void>> thunk, BiPredicate<VirtProvider, String> allowed) {
    }

    private static final Map<VmVerb, Row> TABLE = new EnumMap<>(VmVerb.class);

    static {
        row(VmVerb.START, VirtProvider::startVm, VirtProvider::canRun);
        row(VmVerb.SHUTDOWN, VirtProvider::shutdownVm, VirtProvider::canShutdown);
        row(VmVerb.FORCE_OFF, VirtProvider::forceOffVm, VirtProvider::canForceOff);
        row(VmVerb.REBOOT, VirtProvider::rebootVm, VirtProvider::canReboot);
        row(VmVerb.FORCE_REBOOT, VirtProvider::forceRebootVm, VirtProvider::canForceReboot);
        row(VmVerb.SEND_NMI, VirtProvider::sendNmiVm, VirtProvider::canSendNmi);
        row(VmVerb.PAUSE, VirtProvider::pauseVm, VirtProvider::canPause);
        row(VmVerb.RESUME, VirtProvider::resumeVm, VirtProvider::canResume);
        // Delete on its own keeps the storage; the host passes the person's options to deleteVm.
        row(VmVerb.DELETE, (provider, vm) -> provider.deleteVm(vm, DeleteOptions.KEEP_STORAGE), VirtProvider::canDelete);
    }

    private Verbs() {
    }

    private static void row(VmVerb verb, BiFunction<VirtProvider, VmRef, Thunk<Void>> thunk,
                            BiPredicate<VirtProvider, String> allowed) {
        TABLE.put(verb, new Row(thunk, allowed));
    }

    /** The provider's thunk for the verb on the VM (delete: keeping its storage). */
    public static Thunk<Void> thunk(VirtProvider provider, VmVerb verb, VmRef vm) {
        return TABLE.get(verb).thunk().apply(provider, vm);
    }

    /** Whether the provider's predicate for the verb holds in that state. */
    public static boolean allowed(VirtProvider provider, VmVerb verb, String state) {
        return TABLE.get(verb).allowed().test(provider, state);
    }

    /** A thunk that fails saying who cannot do what: "Provider 'x' cannot pause VM 'web1'". */
    public static Thunk<Void> unsupported(String provider, VmVerb verb, VmRef vm) {
        return (dispatcher, state) -> CompletableFuture.failedFuture(new UnsupportedOperationException(
                "Provider '" + provider + "' cannot " + verb.on(vm.name())));
    }
}
