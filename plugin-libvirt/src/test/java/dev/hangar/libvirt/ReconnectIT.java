package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * libvirtd killed and started again while the provider runs: the connection is shown lost, comes
 * back by itself, and the store then shows the truth. While the daemon is down its configuration is
 * changed the only way possible, in its config folder: one VM's definition is removed, another's added.
 */
class ReconnectIT {
    private static final Path CONFIG = Path.of("/etc/libvirt/qemu");

    @Test
    void afterADaemonRestartTheProviderReconnectsAndShowsTheTruth() throws Exception {
        Daemon daemon = Daemon.require();
        String gone = Daemon.name("gone");
        String born = Daemon.name("born");
        daemon.own(born);
        try (Harness h = Harness.started(Harness.options(Daemon.URI))) {
            daemon.defineWithDisks(gone, List.of());
            h.awaitState(gone, VmStates.SHUT_OFF);
            assertTrue(Files.exists(CONFIG.resolve(gone + ".xml")), "libvirtd keeps definitions in " + CONFIG);

            long pid = Long.parseLong(Files.readString(Daemon.PID_FILE).trim());
            try {
                stop(pid);
                h.await("the connection is shown lost", s -> s.connection(LibvirtProvider.NAME, Daemon.URI).orElseThrow().state()
                        == ConnectionStatus.State.LOST);
                Files.delete(CONFIG.resolve(gone + ".xml"));
                Files.writeString(CONFIG.resolve(born + ".xml"), "<domain type='qemu'><name>" + born + "</name><uuid>"
                        + UUID.randomUUID() + "</uuid><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                        + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>\n");
                long replacedBefore = h.count(VmAction.VmsReplaced.class);
                startDaemon();

                h.await("the connection is back with the truth", s ->
                        s.connection(LibvirtProvider.NAME, Daemon.URI).orElseThrow().state() == ConnectionStatus.State.CONNECTED
                                && h.names().contains(born) && !h.names().contains(gone), 60);
                assertTrue(h.count(VmAction.VmsReplaced.class) > replacedBefore, "the return reloaded every VM");
            } finally {
                if (!Daemon.virshSucceeds("version")) {
                    startDaemon();
                }
            }
        } finally {
            Files.deleteIfExists(CONFIG.resolve(gone + ".xml"));
            daemon.cleanUp();
        }
    }

    /** Ends libvirtd by its PID, as only this test environment may, and waits until it is gone. */
    private static void stop(long pid) throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null || !process.info().command().orElse("").endsWith("libvirtd")) {
            fail("/run/libvirtd.pid names " + pid + ", which is not a running libvirtd; scripts/test-env.sh starts it");
        }
        Daemon.run("kill", "-TERM", Long.toString(pid));
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            fail("libvirtd (pid " + pid + ") did not end within 30 s of SIGTERM");
        }
    }

    /** Starts libvirtd as scripts/test-env.sh does, and waits until it answers. */
    private static void startDaemon() throws InterruptedException, IOException {
        Daemon.Result started = Daemon.run("libvirtd", "-d", "--listen");
        if (started.code() != 0) {
            fail("libvirtd -d --listen failed: " + started.err());
        }
        Waiting.await("libvirtd to answer 'virsh version' after its start", Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> Daemon.virshSucceeds("version"));
    }
}
