package dev.hangar.libvirt;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmOs;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.libvirt.StorageVolInfo;

/**
 * Turns libvirt domains into {@link Vm} values: definition from the domain XML, state and reason,
 * autostart, persistence, and disk sizes. Sizes come from one bulk block-stats call for all the
 * domains read together; only disks that call does not cover (drivers without block stats) are
 * looked up as storage volumes, once per source.
 */
final class VmReader {
    private static final Logger LOG = System.getLogger(VmReader.class.getName());

    /** virDomainState, in libvirt's order; BLOCKED is running (on a resource) and virsh calls it "idle", as we do. */
    private static final String[] STATES = {VmStates.UNKNOWN, VmStates.RUNNING, VmStates.IDLE, VmStates.PAUSED,
            VmStates.SHUTDOWN, VmStates.SHUT_OFF, VmStates.CRASHED, VmStates.PMSUSPENDED};

    /** Each state's reasons, in libvirt's order (virDomainRunningReason, …); index 0 is "unknown". */
    private static final String[][] REASONS = {
            {},
            {null, "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled",
                    "save canceled", "woken up", "crashed", "post-copy", "post-copy failed"},
            {},
            {null, "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot",
                    "shutting down", "snapshot", "crashed", "starting up", "post-copy", "post-copy failed",
                    "API error"},
            {null, "user"},
            {null, "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot", "daemon"},
            {null, "panicked"},
            {}};

    /** virDomainXMLFlags' VIR_DOMAIN_XML_SECURE: with it, a graphics password shows whether one is set. */
    private static final int XML_SECURE = 1;

    private final String provider;
    private final String uri;
    private final Connect connect;
    private final Osinfo osinfo;
    private final Map<String, long[]> volumeSizes = new HashMap<>();
    /** Cleared when the connection may not read secure XML (read-only, or denied by an ACL). */
    private boolean secure = true;

    VmReader(String provider, String uri, Connect connect, Osinfo osinfo) {
        this.provider = provider;
        this.uri = uri;
        this.connect = connect;
        this.osinfo = osinfo;
    }

    /** Every VM of the connection: one list call, one block-stats call, then each domain's own. */
    List<Vm> readAll(int chunk) throws LibvirtException {
        List<Domain> domains = NativeLibvirt.listAllDomains(connect);
        try {
            Map<String, Map<String, long[]>> sizes = blockSizes(Stats.collect(connect, domains,
                    NativeLibvirt.STATS_BLOCK, chunk, NativeLibvirt.EVERY_PARAM));
            List<Vm> vms = new ArrayList<>(domains.size());
            for (Domain domain : domains) {
                Vm vm = readOrSkip(domain, sizes);
                if (vm != null) {
                    vms.add(vm);
                }
            }
            return vms;
        } finally {
            Handles.freeAll(domains);
        }
    }

    /** One VM; the caller keeps and frees the domain. */
    Vm read(Domain domain) throws LibvirtException {
        return read(domain, blockSizes(NativeLibvirt.domainStats(List.of(domain), NativeLibvirt.STATS_BLOCK)));
    }

    private Vm readOrSkip(Domain domain, Map<String, Map<String, long[]>> sizes) throws LibvirtException {
        try {
            return read(domain, sizes);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                // Undefined between the list call and now: it is simply not there any more.
                return null;
            }
            throw e;
        }
    }

    private Vm read(Domain domain, Map<String, Map<String, long[]>> sizes) throws LibvirtException {
        String uuid = domain.getUUIDString();
        String name = domain.getName();
        NativeLibvirt.State state = NativeLibvirt.state(domain);
        boolean persistent = domain.isPersistent() == 1;
        boolean autostart = persistent && domain.getAutostart();
        DomainXml.Definition definition = definition(domain, name);
        VmRef ref = new VmRef(provider, uri, name, uuid);
        if (definition == null) {
            return new Vm(ref, stateName(state.state()), reason(state), 0, 0, 0, VmOs.UNKNOWN, autostart,
                    persistent, List.of(), List.of());
        }
        VmOs os = definition.os();
        return new Vm(ref, stateName(state.state()), reason(state), definition.vcpus(), definition.memoryKiB(),
                definition.maxMemoryKiB(), new VmOs(os.type(), os.arch(), os.machine(), os.bootOrder(), os.osinfoId(),
                        osinfo.name(os.osinfoId())), autostart, persistent,
                sized(definition.disks(), sizes.getOrDefault(uuid, Map.of())), definition.nics(), definition.devices());
    }

    /** The parsed XML, or null when it cannot be read at all: the VM is still listed with what libvirt says. */
    private DomainXml.Definition definition(Domain domain, String name) throws LibvirtException {
        String xml = xml(domain);
        try {
            return DomainXml.parse(xml, secure);
        } catch (XMLStreamException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the definition of VM '" + name + "'; listing it without details", e);
            return null;
        }
    }

    /** The domain's XML, with secrets where the connection allows it (the parser keeps only their presence). */
    private String xml(Domain domain) throws LibvirtException {
        if (secure) {
            try {
                return domain.getXMLDesc(XML_SECURE);
            } catch (LibvirtException e) {
                // A read-only connection refuses the flag (operation denied), an access policy too (access denied).
                ErrorNumber code = LibvirtErrors.code(e);
                if (code != ErrorNumber.VIR_ERR_OPERATION_DENIED && code != ErrorNumber.VIR_ERR_ACCESS_DENIED) {
                    throw e;
                }
                secure = false;
            }
        }
        return domain.getXMLDesc(0);
    }

    private List<VmDisk> sized(List<VmDisk> disks, Map<String, long[]> fromStats) {
        List<VmDisk> result = new ArrayList<>(disks.size());
        for (VmDisk disk : disks) {
            long[] size = disk.target() == null ? null : fromStats.get(disk.target());
            if (size == null && disk.source() != null) {
                size = volumeSize(disk);
            }
            result.add(size == null ? disk : new VmDisk(disk.target(), disk.device(), disk.bus(), disk.sourceType(),
                    disk.source(), disk.format(), size[0], size[1], disk.readOnly()));
        }
        return result;
    }

    /** Capacity and allocation of the disk's volume, when storage knows it; asked once per source per read. */
    private long[] volumeSize(VmDisk disk) {
        if (!"file".equals(disk.sourceType()) && !"block".equals(disk.sourceType())
                && !"volume".equals(disk.sourceType())) {
            return null;
        }
        return volumeSizes.computeIfAbsent(disk.sourceType() + ":" + disk.source(), key -> lookUp(disk));
    }

    private long[] lookUp(VmDisk disk) {
        StorageVol volume = null;
        try {
            volume = Storage.volume(connect, disk.sourceType(), disk.source());
            StorageVolInfo info = volume.getInfo();
            return new long[]{info.capacity, info.allocation};
        } catch (LibvirtException e) {
            // Not a managed volume (a plain file, a device): its size stays unknown.
            return null;
        } finally {
            Handles.free(volume);
        }
    }

    /** Per domain UUID: disk target → {capacity, allocation}, from block.N.* stats. */
    private static Map<String, Map<String, long[]>> blockSizes(List<NativeLibvirt.StatsRecord> records) {
        Map<String, Map<String, long[]>> result = new HashMap<>();
        for (NativeLibvirt.StatsRecord record : records) {
            long count = record.number("block.count", 0);
            Map<String, long[]> disks = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String target = record.text("block." + i + ".name");
                long capacity = record.number("block." + i + ".capacity", -1);
                if (target != null && capacity >= 0) {
                    disks.put(target, new long[]{capacity, record.number("block." + i + ".allocation", 0)});
                }
            }
            if (record.uuid() != null) {
                result.put(record.uuid(), disks);
            }
        }
        return result;
    }

    static String stateName(int state) {
        return state >= 0 && state < STATES.length ? STATES[state] : VmStates.UNKNOWN;
    }

    private static String reason(NativeLibvirt.State state) {
        if (state.state() < 0 || state.state() >= REASONS.length) {
            return null;
        }
        String[] reasons = REASONS[state.state()];
        return state.reason() > 0 && state.reason() < reasons.length ? reasons[state.reason()] : null;
    }
}
