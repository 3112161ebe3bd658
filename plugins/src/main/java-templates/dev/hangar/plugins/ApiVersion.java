package dev.hangar.plugins;

/**
 * The version of this API. A plugin declares the range it needs in its manifest
 * ({@code Plugin-Requires: >=2.3.0 & <3.0.0}); the host refuses a plugin whose range it does not
 * meet. Minor versions add, major versions break. 2.0.0: components act through
 * {@code VmContext.run} and read state through it; {@code VmContext.store()} is gone (PLUGIN_GUIDE.md,
 * "From API 1 to API 2"). 2.1.0 adds the {@code Consoles} capability, 2.2.0 the
 * {@code VmCreation} and {@code VmConfiguration} capabilities, 2.3.0 {@code VmSnapshots},
 * {@code StoragePools} and {@code VirtualNetworks}; plugins of 2.0.0 load unchanged.
 */
public final class ApiVersion {
    /** Generated from the build's {@code hangar.api.version} (plugin-parent/pom.xml). */
    public static final String CURRENT = "${hangar.api.version}";

    private ApiVersion() {
    }
}
