package dev.hangar.libvirt;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private static final int STATE_SHUTOFF = 5;

    private record CpuSample(long cpuTimeNs, long atNanos) {
    }

    private final String provider;
    private final String uri;
    private final int chunk;
    private Map<String, CpuSample> previous = new HashMap<>();

    Stats(String provider, String uri, int chunk) {
        this.provider = provider;
        this.uri = uri;
        this.chunk = chunk;
    }

    int chunk() {
        return chunk;
    }

    /**
     * The stats of every domain of the connection. {@code knownDomains} is how many it had at the last
     * look: beyond one call's limit the domains are listed and fetched in chunks.
     */
    List<NativeLibvirt.StatsRecord> fetch(Connect connect, int groups, int knownDomains) throws LibvirtException {
        if (knownDomains <= chunk) {
            return NativeLibvirt.allDomainStats(connect, groups);
        }
        List<Domain> domains = NativeLibvirt.listAllDomains(connect);
        try {
            return collect(connect, domains, groups, chunk);
        } finally {
            Handles.freeAll(domains);
        }
    }

    /** The stats of the given domains: one bulk call when they fit, else one call per chunk. */
    static List<NativeLibvirt.StatsRecord> collect(Connect connect, List<Domain> domains, int groups, int chunk)
            throws LibvirtException {
        if (domains.size() <= chunk) {
            return NativeLibvirt.allDomainStats(connect, groups);
        }
        List<NativeLibvirt.StatsRecord> records = new ArrayList<>(domains.size());
        for (int from = 0; from < domains.size(); from += chunk) {
            records.addAll(NativeLibvirt.domainStats(domains.subList(from, Math.min(domains.size(), from + chunk)),
                    groups));
        }
        return records;
    }

    /**
     * One tick: the usage of every domain in the records. CPU is unknown (negative) at a domain's first
     * sample and where the driver reports no cpu.time; a domain that is shut off uses nothing.
     *
     * @param vms the VMs as the store knows them, for their vCPU count
     */
    synchronized Map<VmRef, VmUsage> sample(List<NativeLibvirt.StatsRecord> records, long nowNanos, long nowMillis,
                                            Function<VmRef, Vm> vms) {
        Map<String, CpuSample> current = new HashMap<>(records.size() * 2);
        Map<VmRef, VmUsage> usage = new HashMap<>(records.size() * 2);
        for (NativeLibvirt.StatsRecord record : records) {
            if (record.uuid() == null || record.name() == null) {
                continue;
            }
            VmRef ref = new VmRef(provider, uri, record.name(), record.uuid());
            if (record.number("state.state", 0) == STATE_SHUTOFF) {
                usage.put(ref, new VmUsage(0, 0, nowMillis));
                continue;
            }
            long cpuTime = record.number("cpu.time", -1);
            double cpu = -1;
            if (cpuTime >= 0) {
                CpuSample sample = new CpuSample(cpuTime, nowNanos);
                current.put(record.uuid(), sample);
                cpu = percent(previous.get(record.uuid()), sample, vcpus(vms.apply(ref)));
            }
            long memory = record.number("balloon.rss", record.number("balloon.current", -1));
            usage.put(ref, new VmUsage(cpu, memory, nowMillis));
        }
        previous = current;
        return usage;
    }

    private static int vcpus(Vm vm) {
        return vm == null || vm.vcpus() < 1 ? 1 : vm.vcpus();
    }

    private static double percent(CpuSample before, CpuSample now, int vcpus) {
        if (before == null || now.atNanos() <= before.atNanos() || now.cpuTimeNs() < before.cpuTimeNs()) {
            return -1;
        }
        double used = (double) (now.cpuTimeNs() - before.cpuTimeNs()) / (now.atNanos() - before.atNanos()) / vcpus;
        return Math.min(100, Math.max(0, used * 100));
    }
}
