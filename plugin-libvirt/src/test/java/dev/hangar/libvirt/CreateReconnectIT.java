package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.testsupport.ExtraHosts;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Creating a VM while its host's libvirtd restarts: a clear message, and nothing half-made once the
 * daemon is back. The daemon is the last extra host's (never the machine's own libvirtd, which other
 * tests use), reached over qemu+tcp, so its files are not Hangar's to read: a PXE install with a new
 * volume needs none.
 */
class CreateReconnectIT {
    private final String tag = "hangar-test-" + UUID.randomUUID().toString().substring(0, 6);

    private VmSpec spec(String uri, String what) {
        return new VmSpec(uri, tag + "-" + what, null, 64 * 1024, 1, Firmware.BIOS, new InstallSource.Pxe(),
                new StorageChoice.NewVolume("default", 16L << 20, "qcow2"), new NetworkChoice.VirtualNetwork("isolated"),
                null, null, false);
    }

    @Test
    void aDaemonDownIsAClearMessageAndARestartDuringTheCreationLeavesNothingHalfMade() throws Exception {
        ExtraHosts.Host host = ExtraHosts.requireLastForRestarts();
        String uri = host.uri();
        List<String> before = CreateIT.hangarTestObjects(uri, tag);
        try (Harness h = Harness.started(Harness.options(uri, LibvirtCreation.VIRT_TYPE, "qemu"))) {
            h.libvirt().validate(spec(uri, "fine"));
            try {
                host.stopDaemon();
                h.await("the connection is shown lost", s -> s.connection(LibvirtProvider.NAME, uri).orElseThrow().state()
                        == ConnectionStatus.State.LOST);
                InvalidSpecException down = assertThrows(InvalidSpecException.class,
                        () -> h.libvirt().validate(spec(uri, "down")));
                assertNull(down.field(), "the dialog as a whole, not a field");
                assertTrue(down.getMessage().startsWith("The connection '" + uri + "' is not available"),
                        down.getMessage());
                Throwable refused = h.failureOf(h.libvirt().create(spec(uri, "down")).start(new TestTaskProgress()));
                assertTrue(refused.getMessage().startsWith("The connection '" + uri + "' is not available"),
                        refused.getMessage());
                host.startDaemon();
                awaitConnected(h, uri);

                // Now the daemon goes away between the new volume and the definition, and comes back.
                String name = tag + "-restart";
                TestTaskProgress progress = new TestTaskProgress();
                CompletableFuture<?>[] restart = new CompletableFuture<?>[1];
                Throwable failure = h.failureOf(h.libvirt().create(spec(uri, "restart")).start(
                        CreateIT.reporting(progress, fraction -> {
                            if (fraction >= 0.9 && restart[0] == null) {
                                assertTrue(CreateIT.hangarTestObjects(uri, tag).contains("volume " + name + ".qcow2"),
                                        "the volume is made before the daemon goes");
                                host.stopDaemon();
                                restart[0] = CompletableFuture.runAsync(host::startDaemon);
                            }
                        })));
                restart[0].get();
                assertTrue(failure.getMessage().startsWith("Creating VM '" + name + "' failed: "), failure.getMessage());
                assertTrue(failure.getMessage().endsWith("; nothing it made is left"), failure.getMessage());
                awaitConnected(h, uri);
                assertEquals(before, CreateIT.hangarTestObjects(uri, tag), "nothing half-made on " + uri);
            } finally {
                if (!host.answers()) {
                    host.startDaemon();
                }
            }
        } finally {
            for (String object : CreateIT.hangarTestObjects(uri, tag)) {
                if (object.startsWith("volume ")) {
                    TinyGuest.virsh(uri, "vol-delete", "--pool", "default", object.substring("volume ".length()));
                } else {
                    Daemon.run("virsh", "-q", "-c", uri, "undefine", object.substring("domain ".length()));
                }
            }
        }
    }

    private static void awaitConnected(Harness h, String uri) {
        h.await("the connection is back", s -> s.connection(LibvirtProvider.NAME, uri).orElseThrow().state()
                == ConnectionStatus.State.CONNECTED, 60);
    }
}
