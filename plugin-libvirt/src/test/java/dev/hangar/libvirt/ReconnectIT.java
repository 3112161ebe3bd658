package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.ExtraHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * libvirtd stopped and started again while the provider runs: the connection is shown lost, comes
 * back by itself, and the store then shows the truth. While the daemon is down its configuration is
 * changed the only way possible, in its config folder: one VM's definition is removed, another's added.
 * The daemon is an extra host's (scripts/extra-hosts.sh; the last one, which tests on the first do not
 * use), reached over qemu+tcp: the machine's own libvirtd, which other tests and builds use, is never stopped.
 */
class ReconnectIT {
    @Test
    void afterADaemonRestartTheProviderReconnectsAndShowsTheTruth() throws Exception {
        ExtraHosts.Host host = ExtraHosts.requireLastForRestarts();
        String uri = host.uri();
        Path config = host.qemuConfig();
        String gone = Daemon.name("gone");
        String born = Daemon.name("born");
        try (Harness h = Harness.started(Harness.options(uri))) {
            define(uri, gone);
            h.awaitState(gone, VmStates.SHUT_OFF);
            assertTrue(Files.exists(config.resolve(gone + ".xml")), "the extra host's libvirtd keeps definitions in " + config);

            try {
                host.stopDaemon();
                h.await("the connection is shown lost", s -> s.connection(LibvirtProvider.NAME, uri).orElseThrow().state()
                        == ConnectionStatus.State.LOST);
                Files.delete(config.resolve(gone + ".xml"));
                Files.writeString(config.resolve(born + ".xml"), domainXml(born));
                long replacedBefore = h.count(VmAction.VmsReplaced.class);
                host.startDaemon();

                h.await("the connection is back with the truth", s ->
                        s.connection(LibvirtProvider.NAME, uri).orElseThrow().state() == ConnectionStatus.State.CONNECTED
                                && h.names().contains(born) && !h.names().contains(gone), 60);
                assertTrue(h.count(VmAction.VmsReplaced.class) > replacedBefore, "the return reloaded every VM");
            } finally {
                if (!host.answers()) {
                    host.startDaemon();
                }
            }
        } finally {
            // Whatever state the test ended in: neither domain stays on the host, nor its file.
            for (String name : new String[]{gone, born}) {
                virshSucceeds(uri, "undefine", name);
                Files.deleteIfExists(config.resolve(name + ".xml"));
            }
        }
    }

    private static String domainXml(String name) {
        return "<domain type='qemu'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>\n";
    }

    private static void define(String uri, String name) throws IOException {
        Path file = Files.createTempFile("hangar-test-domain", ".xml");
        try {
            Files.writeString(file, domainXml(name));
            Daemon.Result defined = Daemon.run("virsh", "-q", "-c", uri, "define", file.toString());
            if (defined.code() != 0) {
                fail("virsh -c " + uri + " define failed: " + defined.err());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean virshSucceeds(String uri, String... args) {
        String[] command = new String[args.length + 4];
        System.arraycopy(new String[]{"virsh", "-q", "-c", uri}, 0, command, 0, 4);
        System.arraycopy(args, 0, command, 4, args.length);
        return Daemon.run(command).code() == 0;
    }
}
