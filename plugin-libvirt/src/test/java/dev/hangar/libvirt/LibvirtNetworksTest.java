package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.VirtualNetworks;
import dev.hangar.plugins.network.DhcpHost;
import dev.hangar.plugins.network.IpRange;
import dev.hangar.plugins.network.NetworkSpec;
import dev.hangar.plugins.network.VirtualNetwork;
import dev.hangar.testsupport.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Virtual networks on libvirt's test driver (its network 'default', 192.168.122.0/24, used by VM 'test'). */
class LibvirtNetworksTest {
    private static final String URI = "test:///default";
    private Harness h;
    private VirtualNetworks networks;
    private final String name = Daemon.name("net");

    @BeforeEach
    void start() {
        h = Harness.started(Harness.options(URI));
        networks = (VirtualNetworks) h.provider;
    }

    @AfterEach
    void stop() throws Exception {
        if (networks.networks(URI).stream().anyMatch(n -> n.name().equals(name))) {
            networks.deleteNetwork(URI, name, true);
        }
        h.close();
    }

    private NetworkSpec nat(String network, String address) {
        return new NetworkSpec(URI, network, "nat", null, null,
                new IpRange("ipv4", address, 24, address.replaceAll("\\.1$", ".100"), address.replaceAll("\\.1$", ".200")),
                null, false);
    }

    @Test
    void listsDefaultWithItsRangeAndTheVmOnIt() throws Exception {
        VirtualNetwork def = networks.networks(URI).stream().filter(n -> n.name().equals("default")).findFirst()
                .orElseThrow();
        assertEquals("nat", def.forwardMode());
        assertEquals("virbr0", def.bridge());
        assertEquals(List.of(new IpRange("ipv4", "192.168.122.1", 24, "192.168.122.2", "192.168.122.254")),
                def.ranges());
        assertEquals(List.of("test"), def.usedBy().stream().map(vm -> vm.name()).toList());
    }

    @Test
    void definesStartsStopsAndDeletesWithEvents() throws Exception {
        AtomicInteger events = new AtomicInteger();
        try (AutoCloseable watch = networks.watch(URI, events::incrementAndGet)) {
            networks.defineNetwork(nat(name, "10.231.7.1"));
            networks.startNetwork(URI, name);
            VirtualNetwork made = networks.networks(URI).stream().filter(n -> n.name().equals(name)).findFirst()
                    .orElseThrow();
            assertTrue(made.active());
            assertEquals("nat", made.forwardMode());
            networks.setNetworkAutostart(URI, name, true);
            assertTrue(networks.networks(URI).stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow()
                    .autostart());
            networks.stopNetwork(URI, name);
            networks.deleteNetwork(URI, name, false);
            assertFalse(networks.networks(URI).stream().anyMatch(n -> n.name().equals(name)));
            Waiting.await("network events", Duration.ofSeconds(10)).until(() -> events.get() >= 3);
        }
    }

    @Test
    void refusesAnOverlapAnExistingNameAndDeletingAUsedNetwork() throws Exception {
        Exception overlap = assertThrows(IllegalArgumentException.class,
                () -> networks.defineNetwork(nat(name, "192.168.122.1")));
        assertEquals("Network '" + name + "' (192.168.122.1/24) overlaps network 'default' (192.168.122.1/24).",
                overlap.getMessage());
        Exception exists = assertThrows(IllegalArgumentException.class,
                () -> networks.defineNetwork(nat("default", "10.231.8.1")));
        assertEquals("A network named 'default' exists already on " + URI + ".", exists.getMessage());
        Exception used = assertThrows(IllegalStateException.class, () -> networks.deleteNetwork(URI, "default", false));
        assertTrue(used.getMessage().startsWith("Network 'default' is used by VM 'test'; it was not deleted."),
                used.getMessage());
        Exception bad = assertThrows(IllegalArgumentException.class,
                () -> networks.defineNetwork(nat(name, "10.231.300.1")));
        assertEquals("'10.231.300.1' is not an IPv4 address.", bad.getMessage());
    }

    @Test
    void addsAndRemovesAStaticHost() throws Exception {
        networks.defineNetwork(nat(name, "10.231.9.1"));
        DhcpHost host = new DhcpHost("52:54:00:aa:bb:cc", "10.231.9.50", "web<1>");
        assertThrows(IllegalArgumentException.class, () -> networks.addDhcpHost(URI, name, host));
        DhcpHost good = new DhcpHost("52:54:00:aa:bb:cc", "10.231.9.50", "web1");
        networks.addDhcpHost(URI, name, good);
        assertEquals(List.of(good), hosts());
        networks.removeDhcpHost(URI, name, good);
        assertEquals(List.of(), hosts());
    }

    private List<DhcpHost> hosts() throws Exception {
        return networks.networks(URI).stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow()
                .staticHosts();
    }
}
