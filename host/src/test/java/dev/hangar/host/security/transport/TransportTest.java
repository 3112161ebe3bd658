package dev.hangar.host.security.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.SecurityOptions;
import dev.hangar.host.security.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TransportTest {
    @TempDir
    Path dir;

    private static SecurityOptions options(String... args) {
        SecurityOptions options = new SecurityOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void onlyANonLoopbackAddressWithoutTlsIsExposed() throws Exception {
        assertTrue(WebServer.exposedWithoutTls("0.0.0.0", options()));
        assertFalse(WebServer.exposedWithoutTls("127.0.0.1", options()));
        assertFalse(WebServer.exposedWithoutTls("::1", options()));
        assertFalse(WebServer.exposedWithoutTls("0.0.0.0", options("--tls-cert", "c.pem", "--tls-key", "k.pem")));
    }

    @Test
    void readsAPemCertificateAndItsPkcs8Key() throws Exception {
        TestCertificate test = TestCertificate.create(dir);
        KeyStore store = PemIdentity.load(test.cert(), test.key(), "pw".toCharArray());
        assertEquals(test.certificate(), store.getCertificate(PemIdentity.ALIAS));
        assertEquals("EC", store.getKey(PemIdentity.ALIAS, "pw".toCharArray()).getAlgorithm());
    }

    @Test
    void saysHowToConvertAKeyInAnotherFormat() throws Exception {
        TestCertificate test = TestCertificate.create(dir);
        Path rsa = dir.resolve("old.pem");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> PemIdentity.load(test.cert(), rsa, "pw".toCharArray()));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }
}
