package dev.hangar.host.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.1", "10.0.0.2", "::1"));

    @Test
    void withoutATrustedProxyTheHeaderIsIgnored() {
        assertEquals("192.0.2.9", new ClientAddress(List.of()).of("192.0.2.9", List.of("203.0.113.7")));
    }

    @Test
    void aTrustedProxysHeaderNamesTheRightMostAddressThatIsNoTrustedProxy() {
        assertEquals("203.0.113.7", behindProxies.of("10.0.0.1", List.of("203.0.113.7")));
        // The client wrote the left-most entries itself; only what trusted proxies appended counts.
        assertEquals("203.0.113.7", behindProxies.of("10.0.0.1", List.of("6.6.6.6, 203.0.113.7", "10.0.0.2")));
        assertEquals("2001:db8:0:0:0:0:0:7", behindProxies.of("0:0:0:0:0:0:0:1", List.of("[2001:db8::7]")));
    }

    @Test
    void aClientThatIsNoTrustedProxyCannotNameAnotherAddress() {
        assertEquals("192.0.2.9", behindProxies.of("192.0.2.9", List.of("10.0.0.1", "203.0.113.7")));
    }

    @Test
    void withoutAUsableHeaderTheProxyItselfIsTheClient() {
        assertEquals("10.0.0.1", behindProxies.of("10.0.0.1", List.of()));
        assertEquals("10.0.0.1", behindProxies.of("10.0.0.1", List.of("unknown")));
        // Only proxies all the way: the left-most of them.
        assertEquals("10.0.0.2", behindProxies.of("10.0.0.1", List.of("10.0.0.2")));
    }

    @Test
    void aTrustedProxyMustBeAnIpAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientAddress(List.of("proxy.example")));
        assertEquals("--trusted-proxy: 'proxy.example' is not an IP address", e.getMessage());
    }
}
