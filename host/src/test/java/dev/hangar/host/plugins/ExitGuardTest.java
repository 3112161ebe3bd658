package dev.hangar.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM that refuses security managers (JDK 24+, or 18+ without "allow") still starts the host, unguarded. */
class ExitGuardTest {

    @Test
    void aJvmThatRefusesSecurityManagersGetsAnUnguardedHostNotACrash() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.manager=disallow", "-cp", System.getProperty("java.class.path"),
                Installer.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("installed twice: same guard"), output);
        assertTrue(output.contains("refuses a security manager"), output);
    }

    /** Runs in the child JVM. */
    public static final class Installer {
        public static void main(String[] args) {
            ExitGuard first = ExitGuard.install();
            if (first == ExitGuard.install()) {
                System.out.println("installed twice: same guard");
            }
        }
    }
}
