package dev.hangar.plugins;

import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.store.Action;
import dev.hangar.store.Dispatcher;
import dev.hangar.store.StateSource;
import dev.hangar.store.Thunk;
import java.util.concurrent.CompletionStage;

/**
 * A provider's lane onto the host's one store ({@link ProviderContext#store()}): it reads the whole
 * state ({@link StateSource}; the VMs through {@link VmsView#of}) and dispatches only what this
 * provider may:
 * <ul>
 *   <li>{@link VmAction}s about this provider's own VMs and connections: a {@code VmUpdated},
 *       {@code VmRemoved}, {@code VmActionFailed} or {@code UsageSampled} whose refs name this
 *       provider, a {@code VmsReplaced} or {@code ConnectionChanged} for this provider;</li>
 *   <li>the provider's own action types, for its own branch (which the host added under its name
 *       from {@link VirtProvider#branch()}; every branch's reducer sees every action);</li>
 *   <li>thunks, which run on the store's executor with this same lane as their dispatcher.</li>
 * </ul>
 * Anything else (an action about another provider's VMs, the host's own bookkeeping) is refused with
 * an {@link ActionRefusedException} and changes nothing. The host's thunks for this provider (its
 * verbs, {@code getAllVms}) run on this lane too, so no thunk of a provider sees the real store.
 */
public interface ProviderStore extends Dispatcher, StateSource {

    /** The provider this lane belongs to: what the VMs and connections it dispatches must name. */
    String provider();

    /**
     * Reduces the action at once, as {@link Dispatcher#dispatch(Action)} does, if this provider may
     * dispatch it.
     *
     * @throws ActionRefusedException when it is about another provider or is the host's own
     */
    @Override
    void dispatch(Action action);

    /** Runs the thunk on the store's executor with this lane as its dispatcher. */
    @Override
    <T> CompletionStage<T> dispatch(Thunk<T> thunk);
}
