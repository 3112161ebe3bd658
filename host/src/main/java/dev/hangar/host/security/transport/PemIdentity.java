package dev.hangar.host.security.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** A server certificate chain and its private key, read from PEM files into an in-memory key store. */
final class PemIdentity {
    static final String ALIAS = "hangar";
    private static final String PKCS8 = "PRIVATE KEY";

    private PemIdentity() {
    }

    /** The key store (PKCS#12, in memory) holding the key under {@link #ALIAS}, protected by {@code password}. */
    static KeyStore load(Path certFile, Path keyFile, char[] password) throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain;
        try (var in = Files.newInputStream(certFile)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(certFile + ": not a PEM certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certFile + ": no certificate in it");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, privateKey(keyFile, chain.get(0).getPublicKey().getAlgorithm()), password,
                chain.toArray(Certificate[]::new));
        return store;
    }

    private static PrivateKey privateKey(Path keyFile, String algorithm) throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN " + PKCS8 + "-----");
        int end = pem.indexOf("-----END " + PKCS8 + "-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(keyFile + ": expected an unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'); "
                    + "convert one with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        String base64 = pem.substring(begin + PKCS8.length() + 16, end).replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        // The certificate's key algorithm (RSA, EC, Ed25519...) is the key's.
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
