package dev.hangar.host.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The command-line options of sign-in, roles and TLS, mixed into the host's options. */
public final class SecurityOptions {

    /** Where accounts come from. */
    public enum AuthMode { PAM, FILE }

    @Option(names = "--auth", paramLabel = "pam|file", converter = AuthModeConverter.class,
            description = "Who may sign in: 'pam' (this host's accounts) or 'file' (the users file in the data "
                    + "folder, managed with 'hangar user'). Default: pam when running as root, else file.")
    AuthMode auth;

    @Option(names = "--pam-service", paramLabel = "NAME",
            description = "PAM service, i.e. /etc/pam.d/NAME (default: hangar).")
    String pamService;

    @Option(names = "--pam-role", paramLabel = "GROUP=ROLE",
            description = "With PAM, members of the Unix group GROUP get ROLE (administrator, operator, viewer); "
                    + "repeatable; the highest applies, others are viewers. "
                    + "Default: root=administrator, libvirt=administrator.")
    Map<String, String> pamRoles = new LinkedHashMap<>();

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Sign out after this long without activity, e.g. 30m, 45s, 2h (default: 30m).")
    Duration sessionTimeout;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate (chain) to serve HTTPS; plain HTTP on the same port then redirects to HTTPS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
            description = "IP address of a reverse proxy whose X-Forwarded-For header names the client (for the "
                    + "sign-in throttle and the audit log); repeatable. Default: none, the direct peer is the client.")
    List<String> trustedProxies = new ArrayList<>();

    public AuthMode auth() {
        if (auth != null) {
            return auth;
        }
        return "root".equals(System.getProperty("user.name")) ? AuthMode.PAM : AuthMode.FILE;
    }

    public String pamService() {
        return pamService == null ? "hangar" : pamService;
    }

    /** The group-to-role mapping of PAM accounts. */
    public Map<String, Role> pamRoles() {
        Map<String, Role> roles = new LinkedHashMap<>();
        if (pamRoles.isEmpty()) {
            roles.put("root", Role.ADMINISTRATOR);
            roles.put("libvirt", Role.ADMINISTRATOR);
        }
        pamRoles.forEach((group, role) -> roles.put(group, Role.parse(role)));
        return roles;
    }

    public Duration sessionTimeout() {
        return sessionTimeout == null ? Duration.ofMinutes(30) : sessionTimeout;
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public Path tlsCert() {
        return tlsCert;
    }

    public Path tlsKey() {
        return tlsKey;
    }

    public List<String> trustedProxies() {
        return List.copyOf(trustedProxies);
    }

    /**
     * Takes the configuration file's values ({@code name = value}, the option's name without its dashes)
     * for every option of these that the command line did not give. They are read by the same converters
     * as on the command line, so a bad value gets the same message.
     */
    public void defaultsFrom(Map<String, List<String>> file) {
        SecurityOptions fromFile = new SecurityOptions();
        CommandLine cli = new CommandLine(fromFile);
        cli.setOverwrittenOptionsAllowed(true);
        List<String> args = new ArrayList<>();
        for (OptionSpec option : cli.getCommandSpec().options()) {
            for (String value : file.getOrDefault(option.longestName().substring(2), List.of())) {
                args.add(option.longestName());
                args.add(value);
            }
        }
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("configuration file: " + e.getMessage(), e);
        }
        auth = auth == null ? fromFile.auth : auth;
        pamService = pamService == null ? fromFile.pamService : pamService;
        pamRoles = pamRoles.isEmpty() ? fromFile.pamRoles : pamRoles;
        sessionTimeout = sessionTimeout == null ? fromFile.sessionTimeout : sessionTimeout;
        if (tlsCert == null && tlsKey == null) {
            tlsCert = fromFile.tlsCert;
            tlsKey = fromFile.tlsKey;
        }
        trustedProxies = trustedProxies.isEmpty() ? fromFile.trustedProxies : trustedProxies;
    }

    /** Checks the options that only make sense together. */
    public void validate() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (sessionTimeout().toSeconds() < 1) {
            throw new IllegalArgumentException("--session-timeout must be at least 1s");
        }
        new ClientAddress(trustedProxies);
    }

    static final class AuthModeConverter implements ITypeConverter<AuthMode> {
        @Override
        public AuthMode convert(String value) {
            return AuthMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** Reads 90s, 30m, 2h, or a bare number of minutes. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            char unit = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofMinutes(Long.parseLong(text));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            if (unit == 's') {
                return Duration.ofSeconds(amount);
            }
            if (unit == 'm') {
                return Duration.ofMinutes(amount);
            }
            if (unit == 'h') {
                return Duration.ofHours(amount);
            }
            throw new IllegalArgumentException("expected a duration such as 90s, 30m or 2h: " + value);
        }
    }
}
