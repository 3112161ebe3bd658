package dev.hangar.host.ui.nav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.router.RouteParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmAddressTest {

    @Test
    void everyPartSurvivesThePathWithoutSlashesOrPercentSigns() {
        for (String name : new String[] {"web1", "web 1", "<img src=x onerror=alert(1)>", "..", "a/b", "~x", "ünïcode"}) {
            VmAddress address = new VmAddress("libvirt", "qemu+ssh://root@host:22/system?keyfile=/k", name);
            String[] segments = address.path().split("/");
            assertEquals(4, segments.length, address.path());
            assertFalse(address.path().contains("%") || address.path().contains("?"), address.path());
            RouteParameters parameters = new RouteParameters(Map.of("provider", segments[1], "connection", segments[2],
                    "name", segments[3]));
            assertEquals(address, VmAddress.from(parameters).orElseThrow());
        }
    }

    @Test
    void plainNamesStayReadable() {
        assertEquals("vm/libvirt/cWVtdTovLy9zeXN0ZW0/web-1.test_a",
                new VmAddress("libvirt", "qemu:///system", "web-1.test_a").path());
    }

    @Test
    void garbageIsNotAnAddress() {
        assertTrue(VmAddress.from(new RouteParameters(Map.of("provider", "p", "connection", "%%%", "name", "n"))).isEmpty());
        assertTrue(VmAddress.from(new RouteParameters(Map.of("provider", "p"))).isEmpty());
    }
}
