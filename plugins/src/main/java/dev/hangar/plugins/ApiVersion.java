package dev.hangar.plugins;

/**
 * The version of this API. A plugin declares the range it needs in its manifest
 * ({@code Plugin-Requires: >=1.0.0 & <2.0.0}); the host refuses a plugin whose range it does not
 * meet. Minor versions add, major versions break.
 */
public final class ApiVersion {
    public static final String CURRENT = "1.0.0";

    private ApiVersion() {
    }
}
