package dev.hangar.host.state;

import dev.hangar.store.Action;

/**
 * An action only the host dispatches: its own bookkeeping. A provider's {@link ProviderLane} refuses
 * every action of this type, whatever it is about.
 */
public interface HostAction extends Action {
}
