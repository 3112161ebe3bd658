package dev.hangar.host.state;

import dev.hangar.plugins.ActionRefusedException;
import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Action;
import dev.hangar.store.Dispatcher;
import dev.hangar.store.StateTree;
import dev.hangar.store.Store;
import dev.hangar.store.StoreEvent;
import dev.hangar.store.Thunk;
import io.reactivex.rxjava3.core.Observable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One provider's lane onto the store (see {@link ProviderStore} for the rule): what the host hands the
 * provider as {@code context.store()} and what it runs the provider's thunks with. A refused action
 * throws and is logged once per action type, so a provider that keeps trying does not flood the log.
 */
public final class ProviderLane implements ProviderStore {
    private static final Logger LOG = System.getLogger(ProviderLane.class.getName());

    private final String provider;
    private final Store store;
    private final Set<Class<?>> logged = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ProviderLane(String provider, Store store) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Ends the lane when its provider is deactivated: what a thread the provider left behind
     * dispatches afterwards is refused, so it cannot bring back the VMs the host dropped.
     */
    public void close() {
        closed = true;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public StateTree getState() {
        return store.getState();
    }

    @Override
    public Observable<StateTree> states() {
        return store.states();
    }

    @Override
    public void dispatch(Action action) {
        Objects.requireNonNull(action, "action");
        String refused = refusal(action);
        if (refused != null) {
            ActionRefusedException e = new ActionRefusedException(provider, action.getClass().getSimpleName(), refused);
            if (logged.add(action.getClass())) {
                LOG.log(Level.WARNING, e.getMessage() + " (refused; logged once for this provider and action type)");
            }
            throw e;
        }
        store.dispatch(action);
    }

    @Override
    public <T> CompletionStage<T> dispatch(Thunk<T> thunk) {
        Objects.requireNonNull(thunk, "thunk");
        return store.dispatch(inLane(thunk));
    }

    /** The thunk, run with this lane as its dispatcher instead of the store's. */
    private <T> Thunk<T> inLane(Thunk<T> thunk) {
        Dispatcher lane = this;
        return (ignored, state) -> thunk.run(lane, state);
    }

    /** Why this provider may not dispatch the action, or null when it may. */
    private String refusal(Action action) {
        if (closed) {
            return "the provider is no longer active (its plugin was stopped or disabled)";
        }
        if (action instanceof HostAction || action instanceof StoreEvent) {
            return "only the host dispatches it";
        }
        if (action instanceof VmAction.VmUpdated a) {
            return others("it updates VM '" + a.vm().name() + "'", a.vm().ref());
        }
        if (action instanceof VmAction.VmRemoved a) {
            return others("it removes VM '" + a.ref().name() + "'", a.ref());
        }
        if (action instanceof VmAction.VmActionFailed a) {
            return others("it records a failure on VM '" + a.ref().name() + "'", a.ref());
        }
        if (action instanceof VmAction.VmsReplaced a) {
            if (!a.provider().equals(provider)) {
                return "it replaces the VMs of provider '" + a.provider() + "'; a provider changes only its own VMs";
            }
            for (var vm : a.vms()) {
                String wrong = others("its list holds VM '" + vm.name() + "'", vm.ref());
                if (wrong != null) {
                    return wrong;
                }
            }
            return null;
        }
        if (action instanceof VmAction.UsageSampled a) {
            for (VmRef ref : a.usage().keySet()) {
                String wrong = others("it samples VM '" + ref.name() + "'", ref);
                if (wrong != null) {
                    return wrong;
                }
            }
            return null;
        }
        if (action instanceof VmAction.ConnectionChanged a && !a.status().provider().equals(provider)) {
            return "it changes the connection '" + a.status().connection() + "' of provider '"
                    + a.status().provider() + "'; a provider changes only its own connections";
        }
        return null;
    }

    private String others(String what, VmRef ref) {
        return ref.provider().equals(provider) ? null
                : what + " of provider '" + ref.provider() + "'; a provider changes only its own VMs";
    }
}
