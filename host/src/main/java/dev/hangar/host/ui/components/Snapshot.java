package dev.hangar.host.ui.components;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.state.VmsState;
import dev.hangar.store.StateSource;
import io.reactivex.rxjava3.core.Observable;
import java.util.Map;

/**
 * What a VM view renders from: the store's {@code vms} branch and the active providers (their state
 * maps, predicates and contributions), as one value.
 */
public record Snapshot(VmsState vms, Map<String, ActiveProvider> providers) {

    /** Every change of either, starting with the current ones. */
    public static Observable<Snapshot> of(StateSource store, ProviderRegistry providers) {
        return Observable.combineLatest(
                store.select(s -> s.get(VmsState.BRANCH, VmsState.class)),
                providers.changes(),
                Snapshot::new);
    }

    /** How many providers are active (in the store's words: have finished their init). */
    public long activeProviders() {
        return vms.providers().values().stream()
                .filter(p -> p.state() == dev.hangar.host.state.ProviderStatus.State.ACTIVE).count();
    }
}
