package dev.hangar.plugins.create;

import java.util.Objects;

/** Where a new NIC is attached. */
public sealed interface NetworkChoice {

    /** A virtual network of the engine (libvirt's {@code <interface type='network'>}). */
    record VirtualNetwork(String name) implements NetworkChoice {
        public VirtualNetwork {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A bridge device of the host ({@code <interface type='bridge'>}). */
    record Bridge(String name) implements NetworkChoice {
        public Bridge {
            Objects.requireNonNull(name, "name");
        }
    }

    /** No NIC. */
    record NoNetwork() implements NetworkChoice {
    }
}
