package dev.hangar.libvirt;

import dev.hangar.plugins.ProviderContext;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The provider's configuration from the host's options: {@code libvirt-uri} (repeatable),
 * {@code libvirt-stats-interval} (seconds, default 3), {@code libvirt-acpi-timeout} (seconds a guest
 * has to react to an ACPI shutdown or reboot, default 60).
 *
 * @param uris              the connections; empty means "choose the default"
 * @param statsIntervalMs   time between two stats ticks
 * @param acpiTimeoutSeconds how long a shutdown or reboot request may go unanswered
 */
record ProviderOptions(List<String> uris, long statsIntervalMs, long acpiTimeoutSeconds) {

    static final String URI = "libvirt-uri";
    static final String STATS_INTERVAL = "libvirt-stats-interval";
    static final String ACPI_TIMEOUT = "libvirt-acpi-timeout";
    static final String SYSTEM_URI = "qemu:///system";
    static final Path SYSTEM_SOCKET = Path.of("/run/libvirt/libvirt-sock");

    /** Reads the options; a bad value fails with a message that names the option and the value. */
    static ProviderOptions from(ProviderContext context) {
        Set<String> uris = new LinkedHashSet<>();
        for (String uri : context.option(URI)) {
            if (uri != null && !uri.isBlank()) {
                uris.add(uri.trim());
            }
        }
        double interval = positive(context, STATS_INTERVAL, 3);
        double timeout = positive(context, ACPI_TIMEOUT, 60);
        return new ProviderOptions(new ArrayList<>(uris), Math.round(interval * 1000), Math.max(1, Math.round(timeout)));
    }

    private static double positive(ProviderContext context, String option, double fallback) {
        List<String> values = context.option(option);
        if (values.isEmpty()) {
            return fallback;
        }
        String value = values.get(values.size() - 1).trim();
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && !Double.isInfinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException("The option " + option + " must be a positive number of seconds, not '"
                + value + "'");
    }

    /** Whether a daemon answers on the socket (a socket file alone may be left from a dead daemon). */
    static boolean reachable(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
