package dev.hangar.libvirt;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Utilization from libvirt's bulk statistics: one call for every domain of a connection per tick
 * (chunked beyond what one call may carry), turned into CPU percentages from cpu.time deltas and
 * the memory in use.
 */
final class Stats {

    /** A daemon refuses bulk stats for more domains than this in one call ("Too many domains"). */
    static final int MAX_DOMAINS_PER_CALL = 16_384;

    /** What a tick asks libvirt for: state, cpu.time and the balloon. */
    static final int GROUPS = NativeLibvirt.STATS_STATE | NativeLibvirt.STATS_CPU_TOTAL | NativeLibvirt.STATS_BALLOON;

    private static final int STATE_SHUTOFF = 5;

    /**
     * A domain as the last tick saw it: its ref, kept while its name stays so that a tick does not build
     * one per VM, its CPU counter (negative when that tick had none), and that tick's number, by which
     * domains no longer listed are forgotten.
     */
    private static final class Seen {
        VmRef ref;
        long cpuTimeNs = -1;
        long atNanos;
        long tick;

        Seen(VmRef ref) {
            this.ref = ref;
        }
    }

    private final String provider;
    private final String uri;
    private final int chunk;
    private final Map<UUID, Seen> seen = new HashMap<>();
    private long ticks;

    Stats(String provider, String uri, int chunk) {
        this.provider = provider;
        this.uri = uri;
        this.chunk = chunk;
    }

    int chunk() {
        return chunk;
    }

    /**
     * The usage stats of every domain of the connection. {@code knownDomains} is how many it had at the
     * last look: beyond one call's limit the domains are listed and fetched in chunks.
     */
    List<NativeLibvirt.UsageRecord> fetch(Connect connect, int knownDomains) throws LibvirtException {
        NativeLibvirt.UsageReader reader = new NativeLibvirt.UsageReader();
        if (knownDomains <= chunk) {
            return NativeLibvirt.allDomainStats(connect, GROUPS, reader);
        }
        List<Domain> domains = NativeLibvirt.listAllDomains(connect);
        try {
            return collect(connect, domains, GROUPS, chunk, reader);
        } finally {
            Handles.freeAll(domains);
        }
    }

    /** The stats of the given domains: one bulk call when they fit, else one call per chunk. */
    static <T> List<T> collect(Connect connect, List<Domain> domains, int groups, int chunk,
                               NativeLibvirt.RecordReader<T> reader) throws LibvirtException {
        if (domains.size() <= chunk) {
            return NativeLibvirt.allDomainStats(connect, groups, reader);
        }
        List<T> records = new ArrayList<>(domains.size());
        for (int from = 0; from < domains.size(); from += chunk) {
            records.addAll(NativeLibvirt.domainStats(domains.subList(from, Math.min(domains.size(), from + chunk)),
                    groups, reader));
        }
        return records;
    }

    /**
     * One tick: the usage of every domain in the records. CPU is unknown (negative) at a domain's first
     * sample and where the driver reports no cpu.time; a domain that is shut off uses nothing.
     *
     * @param vms the VMs as the store knows them, for their vCPU count
     */
    synchronized Map<VmRef, VmUsage> sample(List<NativeLibvirt.UsageRecord> records, long nowNanos, long nowMillis,
                                            Function<VmRef, Vm> vms) {
        long tick = ++ticks;
        Map<VmRef, VmUsage> usage = new HashMap<>(capacity(records.size()));
        for (NativeLibvirt.UsageRecord record : records) {
            if (record.uuid() == null || record.name() == null) {
                continue;
            }
            Seen domain = seen.get(record.uuid());
            if (domain == null) {
                domain = new Seen(new VmRef(provider, uri, record.name(), record.uuid().toString()));
                seen.put(record.uuid(), domain);
            } else if (!domain.ref.name().equals(record.name())) {
                // Renamed: a new ref, but the CPU counter goes on.
                domain.ref = new VmRef(provider, uri, record.name(), domain.ref.id());
            }
            domain.tick = tick;
            if (record.state() == STATE_SHUTOFF) {
                domain.cpuTimeNs = -1;
                usage.put(domain.ref, new VmUsage(0, 0, nowMillis));
                continue;
            }
            double cpu = -1;
            if (record.cpuTimeNs() >= 0) {
                cpu = percent(domain, record.cpuTimeNs(), nowNanos, vcpus(vms.apply(domain.ref)));
                domain.atNanos = nowNanos;
            }
            domain.cpuTimeNs = record.cpuTimeNs();
            usage.put(domain.ref, new VmUsage(cpu, record.memoryKiB(), nowMillis));
        }
        seen.values().removeIf(domain -> domain.tick != tick);
        return usage;
    }

    /** A HashMap capacity that holds {@code size} entries without growing. */
    private static int capacity(int size) {
        return size * 4 / 3 + 1;
    }

    private static int vcpus(Vm vm) {
        return vm == null || vm.vcpus() < 1 ? 1 : vm.vcpus();
    }

    private static double percent(Seen before, long cpuTimeNs, long nowNanos, int vcpus) {
        if (before.cpuTimeNs < 0 || nowNanos <= before.atNanos || cpuTimeNs < before.cpuTimeNs) {
            return -1;
        }
        double used = (double) (cpuTimeNs - before.cpuTimeNs) / (nowNanos - before.atNanos) / vcpus;
        return Math.min(100, Math.max(0, used * 100));
    }
}
