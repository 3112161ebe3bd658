package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.VirtualNetworks;
import dev.hangar.plugins.network.DhcpHost;
import dev.hangar.plugins.network.IpRange;
import dev.hangar.plugins.network.NetworkSpec;
import dev.hangar.testsupport.Waiting;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Virtual networks on the real libvirtd, checked with virsh; private ranges the machine does not use. */
class NetworksIT {

    /**
     * A DHCP client in a network namespace of the test's own, on a veth into the network's bridge,
     * gets an address from libvirt's dnsmasq; {@code leases} reports it (no VM has that MAC). The tiny
     * guest has no NIC driver and no DHCP client, so it cannot be the client (yet).
     */
    private static void assertLeaseOfAClientOnTheBridge(VirtualNetworks networks, String network) throws Exception {
        String bridge = Daemon.virsh("net-info", network).lines().filter(l -> l.startsWith("Bridge:"))
                .map(l -> l.substring("Bridge:".length()).strip()).findFirst().orElseThrow();
        String tag = Long.toHexString(System.nanoTime() & 0xffffff);
        String ns = "hangar-test-lease-" + tag;
        String host = "hgl" + tag;
        String mac = "52:54:00:7e:" + tag.substring(0, 2) + ":" + tag.substring(2, 4);
        try {
            ok("ip", "netns", "add", ns);
            ok("ip", "link", "add", host, "type", "veth", "peer", "name", host + "c");
            ok("ip", "link", "set", host + "c", "netns", ns);
            ok("ip", "-n", ns, "link", "set", host + "c", "address", mac, "up");
            ok("ip", "link", "set", host, "master", bridge, "up");
            Daemon.Result lease = Daemon.run("ip", "netns", "exec", ns, "udhcpc", "-i", host + "c", "-n", "-q", "-t", "10",
                    "-T", "2");
            assertEquals(0, lease.code(), "udhcpc (scripts/test-env.sh installs it) got no lease: " + lease.out() + lease.err());
            Waiting.await("the lease of " + mac, Duration.ofSeconds(20)).until(() ->
                    networks.leases(Daemon.URI, network).stream().anyMatch(l -> l.mac().equals(mac)
                            && l.ip().startsWith("10.231.41.") && l.vm() == null && l.expires() != null));
        } finally {
            Daemon.run("ip", "link", "del", host);
            Daemon.run("ip", "netns", "del", ns);
        }
    }

    private static void ok(String... command) {
        Daemon.Result result = Daemon.run(command);
        assertEquals(0, result.code(), String.join(" ", command) + ": " + result.err());
    }

    @Test
    void natAndIsolatedNetworksStartTakeStaticHostsAndRefuseOverlapsNamesAndUsedDeletes() throws Exception {
        Daemon daemon = Daemon.require();
        String nat = Daemon.name("nat");
        String isolated = Daemon.name("iso");
        TinyGuest guest = null;
        try (Harness h = Harness.started(Harness.options(Daemon.URI))) {
            VirtualNetworks networks = (VirtualNetworks) h.provider;
            networks.defineNetwork(new NetworkSpec(Daemon.URI, nat, "nat", null, null,
                    new IpRange("ipv4", "10.231.41.1", 24, "10.231.41.100", "10.231.41.200"), null, false));
            networks.defineNetwork(new NetworkSpec(Daemon.URI, isolated, "isolated", null, null,
                    new IpRange("ipv4", "10.231.42.1", 24, null, null), null, false));
            networks.startNetwork(Daemon.URI, nat);
            networks.startNetwork(Daemon.URI, isolated);
            assertTrue(Daemon.virsh("net-info", nat).matches("(?s).*Active:\\s+yes.*"));
            assertTrue(Daemon.virsh("net-info", isolated).matches("(?s).*Active:\\s+yes.*"));

            assertLeaseOfAClientOnTheBridge(networks, nat);

            DhcpHost host = new DhcpHost("52:54:00:41:00:50", "10.231.41.50", "web1");
            networks.addDhcpHost(Daemon.URI, nat, host);
            assertTrue(Daemon.virsh("net-dumpxml", nat).contains("mac='52:54:00:41:00:50' name='web1' ip='10.231.41.50'"),
                    Daemon.virsh("net-dumpxml", nat));
            assertTrue(Daemon.virsh("net-dumpxml", "--inactive", nat).contains("mac='52:54:00:41:00:50'"));
            networks.removeDhcpHost(Daemon.URI, nat, host);
            assertFalse(Daemon.virsh("net-dumpxml", nat).contains("52:54:00:41:00:50"));

            Exception overlap = assertThrows(IllegalArgumentException.class, () -> networks.defineNetwork(
                    new NetworkSpec(Daemon.URI, Daemon.name("clash"), "nat", null, null,
                            new IpRange("ipv4", "10.231.41.129", 25, null, null), null, false)));
            assertTrue(overlap.getMessage().contains("overlaps network '" + nat + "' (10.231.41.1/24)"),
                    overlap.getMessage());
            Exception exists = assertThrows(IllegalArgumentException.class, () -> networks.defineNetwork(
                    new NetworkSpec(Daemon.URI, isolated, "isolated", null, null,
                            new IpRange("ipv4", "10.231.43.1", 24, null, null), null, false)));
            assertEquals("A network named '" + isolated + "' exists already on " + Daemon.URI + ".", exists.getMessage());

            guest = TinyGuest.define(daemon, "netuser");
            Daemon.virsh("attach-interface", guest.name, "network", nat, "--model", "virtio", "--config");
            String vm = guest.name;
            Exception used = assertThrows(IllegalStateException.class,
                    () -> networks.deleteNetwork(Daemon.URI, nat, false));
            assertTrue(used.getMessage().startsWith("Network '" + nat + "' is used by VM '" + vm + "'"),
                    used.getMessage());
            assertTrue(Daemon.virshSucceeds("net-info", nat), "the refused delete kept the network");

            networks.deleteNetwork(Daemon.URI, isolated, false);
            assertFalse(Daemon.virshSucceeds("net-info", isolated));
            networks.deleteNetwork(Daemon.URI, nat, true);
            assertFalse(Daemon.virshSucceeds("net-info", nat));
        } finally {
            daemon.cleanUp();
            if (guest != null) {
                guest.deleteLog();
            }
            for (String network : new String[]{nat, isolated}) {
                if (Daemon.virshSucceeds("net-info", network)) {
                    Daemon.virshSucceeds("net-destroy", network);
                    Daemon.virshSucceeds("net-undefine", network);
                }
            }
        }
    }
}
