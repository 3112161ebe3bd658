package dev.hangar.benchmarks.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The harness's own VMs on a real libvirtd, all named {@code hangar-bench-NNNN}: diskless TCG domains
 * with a few MiB of memory and no OS, enough to be listed, started and destroyed. Only VMs with that
 * prefix are ever touched; {@link #removeAll} destroys and undefines every one of them. Each step opens
 * a connection of its own: a run takes long, and a daemon restarted meanwhile (other tests do that)
 * must not leave our VMs behind.
 */
final class BenchDomains {
    static final String PREFIX = "hangar-bench-";

    /** Work on an open connection. */
    @FunctionalInterface
    private interface Work {
        void run(Connect connect) throws LibvirtException;
    }

    private final String uri;

    /** Fails at once when the daemon does not answer. */
    BenchDomains(String uri) throws LibvirtException {
        this.uri = uri;
        with(connect -> connect.getLibVersion());
    }

    private void with(Work work) throws LibvirtException {
        Connect connect = new Connect(uri);
        try {
            work.run(connect);
        } finally {
            connect.close();
        }
    }

    static String name(int i) {
        return PREFIX + String.format(Locale.ROOT, "%04d", i);
    }

    /** Defines {@code hangar-bench-0000} up to {@code count - 1}, those not defined yet. */
    void defineUpTo(int count) throws LibvirtException {
        with(connect -> {
            Set<String> existing = Set.copyOf(ours(connect));
            for (int i = 0; i < count; i++) {
                if (!existing.contains(name(i))) {
                    connect.domainDefineXML(xml(name(i))).free();
                }
            }
        });
    }

    private static String xml(String name) {
        // No <cpu> element: host-passthrough aborts QEMU on these machines (see notes/libvirt.md).
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>16</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <on_poweroff>destroy</on_poweroff>
                  <devices><memballoon model='none'/></devices>
                </domain>
                """.formatted(name);
    }

    /** Every domain with our prefix, running or not. */
    private static List<String> ours(Connect connect) throws LibvirtException {
        List<String> names = new ArrayList<>();
        for (String name : connect.listDefinedDomains()) {
            if (name.startsWith(PREFIX)) {
                names.add(name);
            }
        }
        for (int id : connect.listDomains()) {
            Domain domain = connect.domainLookupByID(id);
            try {
                if (domain.getName().startsWith(PREFIX)) {
                    names.add(domain.getName());
                }
            } finally {
                domain.free();
            }
        }
        return names;
    }

    /** How many domains the daemon holds that are not ours (a real host's own VMs): never touched. */
    int others() {
        int[] others = new int[1];
        try {
            with(connect -> others[0] = connect.numOfDefinedDomains() + connect.numOfDomains() - ours(connect).size());
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot count the VMs on " + uri + ": " + e.getMessage(), e);
        }
        return others[0];
    }

    /** Destroys (when running) and undefines every domain of ours, also those a broken run left. */
    void removeAll() throws LibvirtException {
        with(connect -> {
            for (String name : ours(connect)) {
                Domain domain = connect.domainLookupByName(name);
                try {
                    if (domain.isActive() == 1) {
                        domain.destroy();
                    }
                    domain.undefine();
                } finally {
                    domain.free();
                }
            }
        });
    }
}
