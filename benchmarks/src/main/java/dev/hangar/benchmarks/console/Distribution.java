package dev.hangar.benchmarks.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The real distribution ({@code distribution/target/hangar}) as an operator runs it, through the test kit's
 * {@link dev.hangar.testsupport.Distribution}: {@code bin/hangar}, its bundled plugins, and whether
 * this build asks for sign-in ({@code --auth}).
 */
record Distribution(dev.hangar.testsupport.Distribution built, boolean signIn) {
    /** The example provider adds its own simulated VMs; the harness lists only libvirt's. */
    private static final String EXAMPLE_PLUGIN = "example";
    private static final String DEMO_FIXTURE = "dev/hangar/libvirt/demo-host.xml";

    /** An account the harness creates in a data folder of its own. */
    record Credentials(String user, String password) {
    }

    static Distribution at(Path home) throws IOException, InterruptedException {
        dev.hangar.testsupport.Distribution built = dev.hangar.testsupport.Distribution.at(home);
        // Sign-in exists in builds that have --auth; the harness then signs in like a person would.
        return new Distribution(built, built.run(null, List.of("--help")).contains("--auth"));
    }

    Path home() {
        return built.home();
    }

    /** Arguments every harness start uses: loopback only, its own data folder, only the libvirt provider. */
    List<String> arguments(int port, Path dataDir, String libvirtUri) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--data-dir", dataDir.toString(), "--disable-plugin", EXAMPLE_PLUGIN,
                "--libvirt-uri", libvirtUri));
        if (signIn) {
            args.addAll(List.of("--auth", "file"));
        }
        return args;
    }

    /** With sign-in: an operator account in {@code dataDir} (bin/hangar user add); otherwise none. */
    Credentials createUser(Path dataDir) throws IOException, InterruptedException {
        if (!signIn) {
            return null;
        }
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        Credentials credentials = new Credentials("hangar-bench", HexFormat.of().formatHex(secret));
        built.addUser(dataDir, credentials.user(), "operator", credentials.password());
        return credentials;
    }

    /** The libvirt plugin's own demo host, copied out of its JAR, as a test-driver URI. */
    String demoFixture(Path dir) throws IOException {
        Path jar = built.bundledPlugin("plugin-libvirt");
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(DEMO_FIXTURE);
            if (entry == null) {
                throw new IllegalStateException("the libvirt plugin " + jar + " has no " + DEMO_FIXTURE);
            }
            Path target = dir.toAbsolutePath().resolve("demo-host.xml");
            try (InputStream in = file.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return "test://" + target;
        }
    }
}
