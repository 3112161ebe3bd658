package dev.hangar.host.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SecurityOptionsTest {
    private static SecurityOptions parse(String... args) {
        SecurityOptions options = new SecurityOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    private static final Map<String, List<String>> FILE = Map.of(
            "auth", List.of("pam"),
            "pam-service", List.of("hangar-web"),
            "pam-role", List.of("wheel=administrator", "ops=operator"),
            "session-timeout", List.of("2h"),
            "tls-cert", List.of("/etc/hangar/cert.pem"),
            "tls-key", List.of("/etc/hangar/key.pem"),
            "trusted-proxy", List.of("10.0.0.1", "10.0.0.2"));

    @Test
    void theConfigurationFileGivesEverySignInAndTlsOption() {
        SecurityOptions options = parse();
        options.defaultsFrom(FILE);
        options.validate();
        assertEquals(SecurityOptions.AuthMode.PAM, options.auth());
        assertEquals("hangar-web", options.pamService());
        assertEquals(Map.of("wheel", Role.ADMINISTRATOR, "ops", Role.OPERATOR), options.pamRoles());
        assertEquals(Duration.ofHours(2), options.sessionTimeout());
        assertEquals(Path.of("/etc/hangar/cert.pem"), options.tlsCert());
        assertEquals(Path.of("/etc/hangar/key.pem"), options.tlsKey());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), options.trustedProxies());
    }

    @Test
    void theCommandLineWins() {
        SecurityOptions options = parse("--auth", "file", "--session-timeout", "5m", "--trusted-proxy", "10.9.9.9");
        options.defaultsFrom(FILE);
        assertEquals(SecurityOptions.AuthMode.FILE, options.auth());
        assertEquals(Duration.ofMinutes(5), options.sessionTimeout());
        assertEquals(List.of("10.9.9.9"), options.trustedProxies());
        assertEquals("hangar-web", options.pamService());
    }

    @Test
    void withoutEitherTheDefaultsApply() {
        SecurityOptions options = parse();
        options.defaultsFrom(Map.of());
        assertEquals("hangar", options.pamService());
        assertEquals(Duration.ofMinutes(30), options.sessionTimeout());
        assertEquals(List.of(), options.trustedProxies());
    }

    @Test
    void aBadValueInTheFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse().defaultsFrom(Map.of("auth", List.of("ldap"))));
        assertTrue(e.getMessage().startsWith("configuration file: ") && e.getMessage().contains("ldap"), e.getMessage());
        SecurityOptions proxy = parse();
        proxy.defaultsFrom(Map.of("trusted-proxy", List.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, proxy::validate);
    }
}
