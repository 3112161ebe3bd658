package dev.hangar.host;

import dev.hangar.host.osinfo.OsinfoDatabase;
import dev.hangar.host.secrets.Secrets;
import dev.hangar.host.security.SecurityOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The host's settings, from the command line and an optional configuration file. Providers read
 * theirs through {@link #option(String)}.
 */
@Command(name = "hangar", mixinStandardHelpOptions = true, versionProvider = HostOptions.Version.class,
        description = "Hangar: a browser console for the virtual machines of this host.",
        sortOptions = false)
public final class HostOptions {

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind = "127.0.0.1";

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Folder of provider plugin JARs (default: the distribution's plugins/).")
    Path pluginsDir;

    @Option(names = "--libvirt-uri", paramLabel = "URI",
            description = "A libvirt connection for the libvirt provider; repeat for several. "
                    + "Default: qemu:///system when its socket is reachable, else a demo on libvirt's test driver.")
    List<String> libvirtUris = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where Hangar keeps its data (default: /var/lib/hangar as root, else ~/.local/share/hangar).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A configuration file of 'name = value' lines (any option without its dashes, "
                    + "or a provider option); the command line wins.")
    Path config;

    @Option(names = "--option", paramLabel = "NAME=VALUE",
            description = "A provider option, e.g. libvirt-stats-interval=5; repeatable.")
    Map<String, String> providerOptions = new LinkedHashMap<>();

    @Option(names = "--disable-plugin", paramLabel = "ID", description = "Do not start this plugin; repeatable.")
    List<String> disabledPlugins = new ArrayList<>();

    @Option(names = "--enable-plugin", paramLabel = "ID",
            description = "Start this plugin although the plugins folder's disabled.txt lists it (the distribution's "
                    + "lists the example); repeatable.")
    List<String> enabledPlugins = new ArrayList<>();

    @Option(names = "--max-consoles-per-user", paramLabel = "N",
            description = "How many consoles one user may have open at once, in all their sessions (default: 4).")
    Integer maxConsolesPerUser;

    @Option(names = "--console-idle-timeout", paramLabel = "DURATION",
            description = "Close a console after this long without bytes either way (default: 15m; also 90s, 1h).")
    String consoleIdleTimeout;

    @Option(names = "--osinfo-dir", paramLabel = "DIR",
            description = "libosinfo's database, the operating systems the create dialog offers "
                    + "(default: /usr/share/osinfo, Debian's osinfo-db; without it only a generic OS).")
    Path osinfoDir;

    @Mixin
    SecurityOptions security = new SecurityOptions();

    /** Lines of the configuration file, by name, in file order. */
    private final Map<String, List<String>> fileValues = new LinkedHashMap<>();

    public int port() {
        return port;
    }

    public String bind() {
        return bind;
    }

    /** Sign-in, roles, session and TLS options. */
    public SecurityOptions security() {
        return security;
    }

    public Path pluginsDir() {
        if (pluginsDir != null) {
            return pluginsDir;
        }
        String home = System.getProperty("hangar.home");
        if (home == null) {
            throw new IllegalStateException("no plugins folder: give --plugins-dir, or start Hangar with bin/hangar");
        }
        return Path.of(home, "plugins");
    }

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/hangar");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "hangar");
    }

    /** libosinfo's database folder ({@code --osinfo-dir}). */
    public Path osinfoDir() {
        return osinfoDir != null ? osinfoDir : OsinfoDatabase.DEFAULT_DIR;
    }

    public List<String> disabledPlugins() {
        List<String> all = new ArrayList<>(disabledPlugins);
        all.addAll(fileValues.getOrDefault("disable-plugin", List.of()));
        return all;
    }

    /** Plugins to start although the plugins folder's {@code disabled.txt} lists them. */
    public List<String> enabledPlugins() {
        List<String> all = new ArrayList<>(enabledPlugins);
        all.addAll(fileValues.getOrDefault("enable-plugin", List.of()));
        return all;
    }

    /**
     * A provider option's values: the command line's ({@code --libvirt-uri}, {@code --option}) when
     * given, otherwise the configuration file's.
     */
    public List<String> option(String name) {
        if (name.equals("libvirt-uri") && !libvirtUris.isEmpty()) {
            return List.copyOf(libvirtUris);
        }
        String given = providerOptions.get(name);
        if (given != null) {
            return List.of(given);
        }
        return List.copyOf(fileValues.getOrDefault(name, List.of()));
    }

    /** The values of the secret options given ({@link Secrets}), on the command line or in the file. */
    public Secrets secrets() {
        Map<String, List<String>> given = new LinkedHashMap<>(fileValues);
        providerOptions.forEach((name, value) -> given.merge(name, List.of(value),
                (file, line) -> java.util.stream.Stream.concat(file.stream(), line.stream()).toList()));
        return Secrets.of(given);
    }

    /**
     * How long a provider's {@code init} may take before the host gives up on it
     * ({@code --option plugin-init-timeout=30s}; also {@code 500ms}, {@code 2m}, or plain seconds).
     */
    public Duration pluginInitTimeout() {
        return duration("plugin-init-timeout", Duration.ofSeconds(30));
    }

    /**
     * How long any other call into a plugin may take before the host gives up on it and goes on: its
     * start and stop, its extensions' constructors, a provider's {@code name()}, {@code branch()},
     * {@code close()} ({@code --option plugin-call-timeout=10s}).
     */
    public Duration pluginCallTimeout() {
        return duration("plugin-call-timeout", Duration.ofSeconds(10));
    }

    /** How many consoles one user may have open at once ({@code --max-consoles-per-user}). */
    public int maxConsolesPerUser() {
        int max = maxConsolesPerUser != null ? maxConsolesPerUser
                : Integer.parseInt(fileValues.getOrDefault("max-consoles-per-user", List.of("4")).get(0).strip());
        if (max < 1) {
            throw new IllegalArgumentException("max-consoles-per-user: " + max + " is not a positive number");
        }
        return max;
    }

    /** How long a console may carry no bytes either way before it is closed ({@code --console-idle-timeout}). */
    public Duration consoleIdleTimeout() {
        String given = consoleIdleTimeout != null ? consoleIdleTimeout
                : fileValues.getOrDefault("console-idle-timeout", List.of("15m")).get(0);
        return duration("console-idle-timeout", given);
    }

    private Duration duration(String option, Duration fallback) {
        List<String> values = option(option);
        if (values.isEmpty()) {
            return fallback;
        }
        return duration(option, values.get(values.size() - 1));
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} or plain seconds. */
    private static Duration duration(String option, String text) {
        String value = text.strip();
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?").matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + ": '" + value
                    + "' is not a positive duration (e.g. 30s, 500ms, 2m)");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** Reads the configuration file, if one was given. Blank lines and lines starting with # are skipped. */
    void readConfig() throws IOException {
        if (config == null) {
            return;
        }
        int number = 0;
        for (String line : Files.readAllLines(config)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(config + ":" + number + ": expected 'name = value', found '" + trimmed + "'");
            }
            fileValues.computeIfAbsent(trimmed.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(trimmed.substring(eq + 1).strip());
        }
        applyFileDefaults();
    }

    private void applyFileDefaults() {
        List<String> filePort = fileValues.get("port");
        if (filePort != null && port == 8080) {
            port = Integer.parseInt(filePort.get(filePort.size() - 1));
        }
        List<String> fileBind = fileValues.get("bind");
        if (fileBind != null && bind.equals("127.0.0.1")) {
            bind = fileBind.get(fileBind.size() - 1);
        }
        if (pluginsDir == null && fileValues.containsKey("plugins-dir")) {
            pluginsDir = Path.of(fileValues.get("plugins-dir").get(0));
        }
        if (dataDir == null && fileValues.containsKey("data-dir")) {
            dataDir = Path.of(fileValues.get("data-dir").get(0));
        }
        if (osinfoDir == null && fileValues.containsKey("osinfo-dir")) {
            osinfoDir = Path.of(fileValues.get("osinfo-dir").get(0));
        }
        security.defaultsFrom(fileValues);
    }

    /** The version printed by {@code --version}. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HostOptions.class.getPackage().getImplementationVersion();
            return new String[] {"Hangar " + (version == null ? "(development)" : version),
                    "provider API " + dev.hangar.plugins.ApiVersion.CURRENT};
        }
    }
}
