package dev.hangar.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The demo host: a libvirt test-driver fixture shipped in the plugin, used when no URI is configured
 * and no system libvirtd answers. The test driver needs an absolute file path, so the fixture is
 * copied into the provider's data folder on every start (the driver never writes it back).
 */
final class DemoFixture {
    static final String RESOURCE = "/dev/hangar/libvirt/demo-host.xml";

    private DemoFixture() {
    }

    /** Writes the fixture into {@code dataDir} and returns its test-driver URI. */
    static String install(Path dataDir) {
        Path target = dataDir.toAbsolutePath().resolve("demo-host.xml");
        try (InputStream in = DemoFixture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the plugin JAR lacks its demo fixture " + RESOURCE);
            }
            Files.createDirectories(dataDir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo fixture to " + target + ": " + e.getMessage(), e);
        }
        return "test://" + target;
    }
}
