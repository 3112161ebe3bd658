package dev.hangar.host.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rescan of the plugins folder changed.
 *
 * @param loaded     ids of the plugins loaded from new JARs whose providers are all active
 * @param notStarted plugins loaded from new JARs that are not active (disabled, failed, quarantined),
 *                   each as "id (state)"; {@link PluginService#plugins()} says why
 * @param removed    ids of the plugins unloaded because their JAR is gone
 * @param failed     JARs that could not be loaded; {@link PluginService#plugins()} says why
 */
public record RescanResult(List<String> loaded, List<String> notStarted, List<String> removed, List<Path> failed) {
    public RescanResult {
        loaded = List.copyOf(loaded);
        notStarted = List.copyOf(notStarted);
        removed = List.copyOf(removed);
        failed = List.copyOf(failed);
    }

    /** One line for a notification: "Loaded example; 1 JAR could not be loaded". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!loaded.isEmpty()) {
            parts.add("Loaded " + String.join(", ", loaded));
        }
        if (!notStarted.isEmpty()) {
            parts.add("Not started: " + String.join(", ", notStarted) + " (see its row)");
        }
        if (!removed.isEmpty()) {
            parts.add("Unloaded " + String.join(", ", removed) + " (JAR gone)");
        }
        if (!failed.isEmpty()) {
            parts.add(failed.size() + (failed.size() == 1 ? " JAR" : " JARs") + " could not be loaded");
        }
        return parts.isEmpty() ? "No change in the plugins folder" : String.join("; ", parts);
    }
}
