package dev.hangar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hangar passes -Djava.security.manager=allow exactly to the JDKs whose ExitGuard needs it (18-23):
 * JDK 24+ refuse to start with it. Runs the real script against a JDK folder whose java prints its arguments.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("src/main/dist/bin/hangar");

    @TempDir
    Path dir;

    private String launch(String javaVersion) throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), "the launcher script is missing: " + SCRIPT.toAbsolutePath());
        Path home = Files.createDirectories(dir.resolve("jdk-" + javaVersion));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + javaVersion + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString(), "--help").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", home.toString());
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the script did not end");
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    @Test
    void allowsTheSecurityManagerOnlyWhereTheJdkNeedsAndAcceptsIt() throws Exception {
        for (String version : List.of("18", "21.0.2", "23.0.1")) {
            assertTrue(launch(version).startsWith("-Djava.security.manager=allow -Dhangar.home="), version);
        }
        for (String version : List.of("17.0.15", "24", "25.0.3")) {
            String out = launch(version);
            assertTrue(out.startsWith("-Dhangar.home=") && out.strip().endsWith("dev.hangar.host.Main --help"), version + ": " + out);
        }
    }
}
