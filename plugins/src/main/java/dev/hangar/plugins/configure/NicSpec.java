package dev.hangar.plugins.configure;

import dev.hangar.plugins.create.NetworkChoice;
import java.util.Objects;

/** A NIC to add: where it is attached, its model (null: the provider's default), its MAC (null: a new one). */
public record NicSpec(NetworkChoice network, String model, String mac) {
    public NicSpec {
        Objects.requireNonNull(network, "network");
    }
}
