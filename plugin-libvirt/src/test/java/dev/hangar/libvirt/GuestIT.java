package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.awaitility.core.ConditionTimeoutException;

/**
 * ACPI shutdown, ACPI reboot and NMI against a real tiny guest under TCG (Debian's kernel with a
 * busybox initramfs that powers off on the ACPI power button), built by scripts/test-env.sh.
 */
class GuestIT {
    private static final Path GUEST = Path.of("/var/lib/hangar-test/guest");
    private static final Path LOGS = Path.of("/var/lib/hangar-test/logs");
    private static final String READY = "HANGAR-GUEST-READY";
    private static final long BOOT_SECONDS = 120;

    @Test
    void theGuestLogsTheNmiRebootsOnRequestAndPowersOffOnShutdown() throws Exception {
        Path template = GUEST.resolve("domain-template.xml");
        for (Path file : new Path[]{template, GUEST.resolve("vmlinuz"), GUEST.resolve("initrd.img")}) {
            if (!Files.isRegularFile(file)) {
                fail("The tiny test guest is missing (" + file + "); scripts/test-env.sh builds it.");
            }
        }
        Daemon daemon = Daemon.require();
        String name = Daemon.name("guest");
        Path log = LOGS.resolve(name + ".log");
        Files.createDirectories(LOGS);
        try (Harness h = Harness.started(Harness.options(Daemon.URI, ProviderOptions.ACPI_TIMEOUT,
                Long.toString(BOOT_SECONDS)))) {
            daemon.define(name, Files.readString(template).replace("NAME", name).replace("LOGFILE", log.toString()));
            h.awaitState(name, VmStates.SHUT_OFF);
            VmRef ref = h.ref(name);

            h.run(h.provider.startVm(ref));
            awaitLog(log, READY, 1, BOOT_SECONDS);

            h.run(h.provider.sendNmiVm(ref));
            awaitLog(log, "NMI received", 1, 30);

            h.run(h.provider.rebootVm(ref), BOOT_SECONDS + 30);
            awaitLog(log, READY, 2, BOOT_SECONDS);
            assertEquals(VmStates.RUNNING, h.vm(name).state());

            h.run(h.provider.shutdownVm(ref), BOOT_SECONDS + 30);
            assertEquals(VmStates.SHUT_OFF, h.vm(name).state(), "the thunk completed once the VM was off");
            assertEquals("shut off", Daemon.virsh("domstate", name).trim());
            assertTrue(Files.readString(log).contains("HANGAR-GUEST-POWEROFF"), "the guest powered itself off");
        } finally {
            daemon.cleanUp();
            Files.deleteIfExists(log);
        }
    }

    /** Waits until the serial log holds {@code marker} at least {@code times} times (the guest writes it). */
    private static void awaitLog(Path log, String marker, int times, long seconds)
            throws IOException, InterruptedException {
        try {
            Waiting.await("'" + marker + "' " + times + " time(s) in the guest's serial log", Duration.ofSeconds(seconds))
                    .pollInterval(Duration.ofMillis(200)).until(() -> occurrences(serial(log), marker) >= times);
        } catch (ConditionTimeoutException e) {
            fail("The guest's serial log " + log + " did not show '" + marker + "' " + times + " time(s) within "
                    + seconds + " s; it shows:\n" + serial(log));
        }
    }

    private static String serial(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int occurrences(String text, String marker) {
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            count++;
        }
        return count;
    }
}
