package dev.hangar.plugins.configure;

import java.util.Objects;

/** The CPU a VM sees: the hypervisor's default, the host's own (passthrough), the host's model, or a named model. */
public record CpuModel(Mode mode, String model) {

    public enum Mode {
        /** Whatever the hypervisor gives when nothing is said. */
        DEFAULT,
        /** The host's CPU as it is (fastest; the VM migrates only to identical hosts). */
        HOST_PASSTHROUGH,
        /** The named model nearest the host's, with its features. */
        HOST_MODEL,
        /** {@link #model()} by name ("Skylake-Server", "qemu64"). */
        NAMED
    }

    public CpuModel {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.NAMED && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("a named CPU model needs its name");
        }
    }
}
