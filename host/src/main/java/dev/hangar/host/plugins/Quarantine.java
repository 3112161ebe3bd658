package dev.hangar.host.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;

/**
 * Brings the host back after a plugin ended the process while it started (an exit the
 * {@link ExitGuard} could not stop, a crash in native code, a kill): before a plugin's start and
 * init run, a marker {@code DATA/plugin-starts/ID.starting} is written, and it is removed when they
 * are done. A marker found at the next start means the process died meanwhile: it becomes
 * {@code ID.quarantined}, and that plugin is not started again, with the reason on the Plugins page,
 * until an administrator reloads it. (A plugin whose init ran at the same time as the culprit's is
 * quarantined too; reloading it is harmless.)
 */
final class Quarantine {
    private static final String STARTING = ".starting";
    private static final String QUARANTINED = ".quarantined";

    private final Path dir;
    private final Clock clock;

    Quarantine(Path dataDir, Clock clock) {
        this.dir = dataDir.resolve("plugin-starts");
        this.clock = clock;
    }

    /** At the host's start: every plugin whose start the last process did not finish is quarantined. */
    void afterRestart() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir, "*" + STARTING)) {
            for (Path marker : markers) {
                String name = marker.getFileName().toString();
                Files.move(marker, dir.resolve(name.substring(0, name.length() - STARTING.length()) + QUARANTINED),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin start markers in " + dir, e);
        }
    }

    /** Written before the plugin's code runs; its content says when. */
    void starting(String pluginId) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "marker", ".tmp");
            Files.writeString(tmp, clock.instant().toString());
            Files.move(tmp, file(pluginId, STARTING), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the start marker of plugin '" + pluginId + "' in " + dir, e);
        }
    }

    /** Its start and init are over, whatever their outcome. */
    void started(String pluginId) {
        delete(file(pluginId, STARTING));
    }

    /** Why the plugin is quarantined, when it is. */
    Optional<String> reason(String pluginId) {
        Path file = file(pluginId, QUARANTINED);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String since;
        try {
            since = Files.readString(file).strip();
        } catch (IOException e) {
            since = "an unknown time";
        }
        return Optional.of("quarantined: the host process ended while this plugin was starting (at " + since
                + "), so it is not started again until an administrator reloads it");
    }

    /** An administrator reloads it: it may start again. */
    void release(String pluginId) {
        delete(file(pluginId, QUARANTINED));
    }

    private Path file(String pluginId, String suffix) {
        return dir.resolve(URLEncoder.encode(pluginId, StandardCharsets.UTF_8) + suffix);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
