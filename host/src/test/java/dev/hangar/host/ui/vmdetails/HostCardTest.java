package dev.hangar.host.ui.vmdetails;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.capability.HostInformation;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Host card: shown for VMs whose provider has {@link HostInformation}, absent otherwise. */
class HostCardTest {
    private TestHangar test;

    /** A provider with host information, which answers what the test sets. */
    static final class HostedProvider extends TestProvider implements HostInformation {
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile HostInfo info = new HostInfo("kvm-3.example.net", 16, "AMD EPYC 7313", 64L << 20, 12L << 20,
                "QEMU 8.2.2", "libvirt 9.0.0");
        volatile String failure;

        HostedProvider() {
            super("hosted");
        }

        @Override
        public HostInfo hostInfo(String connection) {
            asked.add(connection);
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return info;
        }
    }

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private Component overview(TestProvider provider) throws Exception {
        Vm web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains("Disks")));
        return _get(com.vaadin.flow.component.html.Div.class, spec -> spec.withClasses("vm-overview"));
    }

    private static String text(Component in, String className) {
        return _get(in, Span.class, spec -> spec.withClasses(className)).getText();
    }

    @Test
    void showsTheHostOfTheVmsConnection() throws Exception {
        HostedProvider provider = new HostedProvider();
        Component overview = overview(provider);
        HostCard card = _get(overview, HostCard.class);
        eventually(() -> assertEquals("kvm-3.example.net", text(card, "host-name")));
        assertTrue(card.isVisible());
        assertEquals("16 × AMD EPYC 7313", text(card, "host-cpus"));
        assertEquals("64 GiB (12 GiB free)", text(card, "host-memory"));
        assertEquals("QEMU 8.2.2", text(card, "host-hypervisor"));
        assertEquals("libvirt 9.0.0", text(card, "host-engine"));
        assertEquals(List.of(TestProvider.CONNECTION), provider.asked);

        // Asked once, not on every render; again on Refresh.
        provider.info = new HostInfo("kvm-3.example.net", 16, null, 64L << 20, null, null, null);
        _get(card, Button.class, spec -> spec.withClasses("host-refresh")).click();
        eventually(() -> assertEquals("16", text(card, "host-cpus")));
        assertEquals("64 GiB", text(card, "host-memory"));
        assertEquals("—", text(card, "host-engine"));
        assertEquals(2, provider.asked.size());
    }

    @Test
    void saysWhyWhenTheHostCannotBeRead() throws Exception {
        HostedProvider provider = new HostedProvider();
        provider.failure = "not connected to test:///ui";
        Component overview = overview(provider);
        HostCard card = _get(overview, HostCard.class);
        eventually(() -> assertEquals("The host cannot be read: not connected to test:///ui", text(card, "host-status")));
        assertTrue(card.isVisible());
    }

    @Test
    void isAbsentForProvidersWithoutHostInformation() throws Exception {
        Component overview = overview(new TestProvider("plain"));
        // Karibu finds only what a user sees.
        assertEquals(List.of(), LocatorJ._find(overview, HostCard.class));
        assertEquals(List.of(), LocatorJ._find(overview, Span.class, spec -> spec.withClasses("host-name")));
    }
}
