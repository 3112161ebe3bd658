package dev.hangar.host.plugins;

import java.nio.file.Path;
import org.pf4j.PluginDescriptor;

/**
 * A JAR of the plugins folder that could not be loaded.
 *
 * @param path     the JAR
 * @param pluginId its Plugin-Id when its manifest could be read, else null
 * @param version  its Plugin-Version when known, else null
 * @param requires its Plugin-Requires when known, else null
 * @param reason   why, in words
 */
public record LoadFailure(Path path, String pluginId, String version, String requires, String reason) {

    static LoadFailure of(Path path, PluginDescriptor descriptor, String reason) {
        if (descriptor == null) {
            return new LoadFailure(path, null, null, null, reason);
        }
        return new LoadFailure(path, blankToNull(descriptor.getPluginId()), blankToNull(descriptor.getVersion()),
                blankToNull(descriptor.getRequires()), reason);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
