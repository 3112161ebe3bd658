package dev.hangar.benchmarks.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The real distribution ({@code distribution/target/hangar}) as an operator runs it: {@code bin/hangar}, its
 * bundled plugins, and whether this build asks for sign-in ({@code --auth}).
 */
record Distribution(Path home, boolean signIn) {
    /** The example provider adds its own simulated VMs; the harness lists only libvirt's. */
    private static final String EXAMPLE_PLUGIN = "example";
    private static final String DEMO_FIXTURE = "dev/hangar/libvirt/demo-host.xml";

    /** An account the harness creates in a data folder of its own. */
    record Credentials(String user, String password) {
    }

    static Distribution at(Path home) throws IOException, InterruptedException {
        Path bin = home.resolve("bin/hangar");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " is missing: build it with mvn -f host/pom.xml package");
        }
        // Sign-in exists in builds that have --auth; the harness then signs in like a person would.
        return new Distribution(home.toAbsolutePath(), run(List.of(bin.toString(), "--help"), null).contains("--auth"));
    }

    Path bin() {
        return home.resolve("bin/hangar");
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
        run(List.of(bin().toString(), "--data-dir", dataDir.toString(), "user", "add", credentials.user(),
                "--role", "operator"), credentials.password() + "\n");
        return credentials;
    }

    /** The libvirt plugin's own demo host, copied out of its JAR, as a test-driver URI. */
    String demoFixture(Path dir) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("plugins"), "hangar-plugin-libvirt-*.jar")) {
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    ZipEntry entry = file.getEntry(DEMO_FIXTURE);
                    if (entry != null) {
                        Path target = dir.toAbsolutePath().resolve("demo-host.xml");
                        try (InputStream in = file.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        return "test://" + target;
                    }
                }
            }
        }
        throw new IllegalStateException("no libvirt plugin with " + DEMO_FIXTURE + " in " + home.resolve("plugins"));
    }

    /** Runs a short command to its end; returns its output, or fails with it. */
    private static String run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
