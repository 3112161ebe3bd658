package dev.hangar.libvirt;

import dev.hangar.plugins.create.CloudInit;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallMethod;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.create.Volume;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.store.Dispatcher;
import dev.hangar.store.StateTree;
import dev.hangar.store.Thunk;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StoragePoolInfo;
import org.libvirt.StorageVol;

/**
 * Making new VMs on a libvirt connection ({@code VmCreation}): the choices a host offers, checks of
 * every field against it, and the creation itself — volumes (made, copied, fetched), the domain XML
 * ({@link DomainBuilder}), the definition, the start. Everything one creation makes is recorded as it
 * is made, and a failure or cancel removes exactly that (the {@link Volumes} ledger, the definition).
 *
 * <p>The virtualization type is KVM where the host has it, else TCG; the option {@value #VIRT_TYPE}
 * ({@code kvm} or {@code qemu}) overrides it, for hosts whose KVM cannot run guests (nested ones).
 */
final class LibvirtCreation {
    static final String VIRT_TYPE = "libvirt-virt-type";
    static final int MAX_NAME = 64;
    static final List<String> FORMATS = List.of("qcow2", "raw");
    static final List<String> NIC_MODELS = List.of("virtio", "e1000e", "rtl8139");
    private static final long CLEANUP_WAIT_MS = 30_000;
    /** Managed save and snapshot metadata go with the definition; NVRAM too where there is one (UEFI). */
    private static final int UNDEFINE_SAVE_AND_SNAPSHOTS = 1 | 2;
    private static final int UNDEFINE_NVRAM = 4;
    private static final long DISPATCH_WAIT_SECONDS = 60;

    private final Function<String, LibvirtConnection> connections;
    private final BiFunction<String, String, Thunk<Void>> getVm;
    private final String virtType;
    private final InstallTree trees;

    /**
     * @param connections the connection of a URI (throws for one the provider does not serve)
     * @param getVm       the provider's getVm, to put the new VM into the store
     * @param virtType    {@code kvm}, {@code qemu}, or null for KVM where the host has it
     */
    LibvirtCreation(Function<String, LibvirtConnection> connections, BiFunction<String, String, Thunk<Void>> getVm,
                    String virtType, InstallTree trees) {
        if (virtType != null && !virtType.equals("kvm") && !virtType.equals("qemu")) {
            throw new IllegalArgumentException("The option " + VIRT_TYPE + " is kvm or qemu, not '" + virtType + "'");
        }
        this.connections = connections;
        this.getVm = getVm;
        this.virtType = virtType;
        this.trees = trees;
    }

    // ---- choices -------------------------------------------------------------------------------

    CreationChoices choices(String uri) throws LibvirtException {
        LibvirtConnection c = connections.apply(uri);
        return c.withConnect(connect -> {
            HostCapabilities caps = HostCapabilities.read(connect, virtType);
            Set<Firmware> firmware = caps.uefi() ? EnumSet.of(Firmware.BIOS, Firmware.UEFI) : EnumSet.of(Firmware.BIOS);
            Set<InstallMethod> methods = EnumSet.of(InstallMethod.ISO, InstallMethod.NETWORK, InstallMethod.PXE,
                    InstallMethod.IMPORT, InstallMethod.KERNEL, InstallMethod.CLOUD_IMAGE);
            return new CreationChoices(methods, pools(connect), FORMATS, activeNetworks(connect),
                    bridges(connect, Volumes.localHost(uri)), firmware, List.of(), caps.maxVcpus(), caps.hostMemoryKiB(),
                    caps.diskBuses(), NIC_MODELS);
        });
    }

    private static List<Pool> pools(Connect connect) throws LibvirtException {
        List<Pool> pools = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(List.of(connect.listStoragePools()));
        names.addAll(List.of(connect.listDefinedStoragePools()));
        for (String name : names) {
            StoragePool pool;
            try {
                pool = connect.storagePoolLookupByName(name);
            } catch (LibvirtException e) {
                continue;
            }
            try {
                boolean active = pool.isActive() == 1;
                StoragePoolInfo info = pool.getInfo();
                String xml = pool.getXMLDesc(0);
                String type = attribute(xml, "pool", "type");
                List<Volume> volumes = new ArrayList<>();
                if (active) {
                    for (String volName : pool.listVolumes()) {
                        StorageVol vol;
                        try {
                            vol = pool.storageVolLookupByName(volName);
                        } catch (LibvirtException e) {
                            continue;
                        }
                        try {
                            volumes.add(new Volume(name, volName, vol.getPath(), vol.getInfo().capacity,
                                    attribute(vol.getXMLDesc(0), "format", "type")));
                        } catch (LibvirtException e) {
                            // Gone while listed.
                        } finally {
                            Handles.free(vol);
                        }
                    }
                }
                pools.add(new Pool(name, type, info.capacity, active ? info.available : 0, active, volumes));
            } finally {
                Handles.free(pool);
            }
        }
        return pools;
    }

    private static List<String> activeNetworks(Connect connect) throws LibvirtException {
        List<String> networks = new ArrayList<>(List.of(connect.listNetworks()));
        networks.sort(null);
        return networks;
    }

    /**
     * Host bridges, without those of libvirt's own networks (a NIC joins those through the network).
     * libvirt lists interfaces only with netcf; without it, a local host's bridges are read from /sys.
     */
    static List<String> bridges(Connect connect, boolean local) throws LibvirtException {
        Set<String> networkBridges = new LinkedHashSet<>();
        for (String name : connect.listNetworks()) {
            Network network = connect.networkLookupByName(name);
            try {
                networkBridges.add(network.getBridgeName());
            } catch (LibvirtException e) {
                // A network without a bridge (macvtap, hostdev).
            } finally {
                network.free();
            }
        }
        Set<String> bridges = new LinkedHashSet<>();
        try {
            for (String name : connect.listInterfaces()) {
                org.libvirt.Interface iface = connect.interfaceLookupByName(name);
                try {
                    if ("bridge".equals(attribute(iface.getXMLDescription(0), "interface", "type"))) {
                        bridges.add(name);
                    }
                } finally {
                    iface.free();
                }
            }
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) != ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw e;
            }
        }
        if (bridges.isEmpty() && local) {
            try (Stream<Path> devices = Files.list(Path.of("/sys/class/net"))) {
                devices.filter(d -> Files.isDirectory(d.resolve("bridge")))
                        .forEach(d -> bridges.add(d.getFileName().toString()));
            } catch (IOException e) {
                // No /sys: no bridges to offer.
            }
        }
        bridges.removeAll(networkBridges);
        List<String> sorted = new ArrayList<>(bridges);
        sorted.sort(null);
        return sorted;
    }

    // ---- the name -----------------------------------------------------------------------------

    String nameProblem(String uri, String name) throws LibvirtException {
        String rule = nameRule(name);
        if (rule != null) {
            return rule;
        }
        return connections.apply(uri).withConnect(connect -> exists(connect, name)
                ? "A VM named '" + name + "' exists on this connection" : null);
    }

    /** libvirt's rules for a name, as far as they do not depend on the connection. */
    static String nameRule(String name) {
        if (name == null || name.isBlank()) {
            return "A VM needs a name";
        }
        if (name.length() > MAX_NAME) {
            return "Names are at most " + MAX_NAME + " characters (this one has " + name.length() + ")";
        }
        if (name.indexOf('/') >= 0) {
            return "A name cannot contain '/'";
        }
        for (int i = 0; i < name.length(); i = name.offsetByCodePoints(i, 1)) {
            int cp = name.codePointAt(i);
            if (Character.isISOControl(cp) || !Character.isDefined(cp) || Character.getType(cp) == Character.FORMAT) {
                return "A name can only have printable characters";
            }
        }
        if (!name.equals(name.strip())) {
            return "A name cannot begin or end with a space";
        }
        return null;
    }

    private static boolean exists(Connect connect, String name) throws LibvirtException {
        try {
            Domain domain = connect.domainLookupByName(name);
            Handles.free(domain);
            return true;
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return false;
            }
            throw e;
        }
    }

    // ---- validation -----------------------------------------------------------------------------

    void validate(VmSpec spec) throws InvalidSpecException {
        LibvirtConnection c;
        try {
            c = connections.apply(spec.connection());
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("connection", e.getMessage());
        }
        Connect connect;
        try {
            connect = c.withConnect(current -> current);
            check(connect, spec);
        } catch (IllegalStateException e) {
            // The connection is lost (the daemon restarts, the network is gone).
            throw new InvalidSpecException(null, e.getMessage());
        } catch (LibvirtException e) {
            throw new InvalidSpecException(null, "The connection '" + spec.connection() + "' failed: "
                    + LibvirtErrors.detail(e));
        }
    }

    private void check(Connect connect, VmSpec spec) throws InvalidSpecException, LibvirtException {
        String nameProblem = nameRule(spec.name());
        if (nameProblem == null && exists(connect, spec.name())) {
            nameProblem = "A VM named '" + spec.name() + "' exists on this connection";
        }
        if (nameProblem != null) {
            throw new InvalidSpecException("name", nameProblem);
        }
        HostCapabilities caps = HostCapabilities.read(connect, virtType);
        if (spec.memoryKiB() <= 0) {
            throw new InvalidSpecException("memoryKiB", "A VM needs memory");
        }
        if (spec.memoryKiB() > caps.hostMemoryKiB()) {
            throw new InvalidSpecException("memoryKiB", "The host has " + mib(caps.hostMemoryKiB() * 1024)
                    + " of memory; a VM cannot have more (" + mib(spec.memoryKiB() * 1024) + ")");
        }
        if (spec.vcpus() < 1) {
            throw new InvalidSpecException("vcpus", "A VM needs at least one vCPU");
        }
        if (spec.vcpus() > caps.maxVcpus()) {
            throw new InvalidSpecException("vcpus", "A VM on this host can have at most " + caps.maxVcpus()
                    + " vCPUs (the host has " + caps.hostCpus() + ")");
        }
        if (spec.firmware() == Firmware.UEFI && !caps.uefi()) {
            throw new InvalidSpecException("firmware", "This host has no UEFI firmware for VMs (OVMF is not installed)");
        }
        if (spec.diskBus() != null && !caps.diskBuses().contains(spec.diskBus())) {
            throw new InvalidSpecException("diskBus", "Disks here use " + String.join(", ", caps.diskBuses())
                    + ", not '" + spec.diskBus() + "'");
        }
        if (spec.nicModel() != null && !NIC_MODELS.contains(spec.nicModel())) {
            throw new InvalidSpecException("nicModel", "NICs are " + String.join(", ", NIC_MODELS) + ", not '"
                    + spec.nicModel() + "'");
        }
        boolean local = Volumes.localHost(spec.connection());
        checkInstall(connect, spec, local);
        checkStorage(connect, spec, local);
        checkNetwork(connect, spec);
    }

    private void checkInstall(Connect connect, VmSpec spec, boolean local) throws InvalidSpecException, LibvirtException {
        InstallSource install = spec.install();
        if (install instanceof InstallSource.Iso iso) {
            requirePath(connect, "install", "ISO", iso.path(), local);
        } else if (install instanceof InstallSource.Import image) {
            requirePath(connect, "install", "disk image", image.path(), local);
        } else if (install instanceof InstallSource.Kernel kernel) {
            requirePath(connect, "install", "kernel", kernel.kernel(), local);
            if (kernel.initrd() != null) {
                requirePath(connect, "install", "initrd", kernel.initrd(), local);
            }
        } else if (install instanceof InstallSource.NetworkTree tree) {
            try {
                InstallTree.base(tree.url());
            } catch (URISyntaxException e) {
                throw new InvalidSpecException("install", e.getReason() + ": " + tree.url());
            }
            kernelPool(connect, spec);
        } else if (install instanceof InstallSource.Pxe) {
            if (spec.network() instanceof NetworkChoice.NoNetwork) {
                throw new InvalidSpecException("network", "A PXE boot needs a network");
            }
        } else if (install instanceof InstallSource.CloudImage cloud) {
            requirePath(connect, "install", "cloud image", cloud.imagePath(), local);
            if (!(spec.storage() instanceof StorageChoice.NewVolume)) {
                throw new InvalidSpecException("storage", "A cloud image is copied into a new volume: choose a pool and a size");
            }
            CloudSeed.validate(cloud.seed());
            String missing = CloudSeed.missingTool();
            if (missing != null) {
                throw new InvalidSpecException("install", missing);
            }
        } else {
            throw new InvalidSpecException("install", "The libvirt provider has no templates");
        }
    }

    private void checkStorage(Connect connect, VmSpec spec, boolean local) throws InvalidSpecException, LibvirtException {
        StorageChoice storage = spec.storage();
        if (storage instanceof StorageChoice.ExistingVolume existing) {
            requirePath(connect, "storage", "disk", existing.path(), local);
        } else if (storage instanceof StorageChoice.NewVolume volume) {
            if (!FORMATS.contains(volume.format())) {
                throw new InvalidSpecException("storage", "A new volume is qcow2 or raw, not '" + volume.format() + "'");
            }
            long needed = volume.sizeBytes();
            if (spec.install() instanceof InstallSource.CloudImage cloud) {
                needed = Math.max(needed, sourceBytes(connect, cloud.imagePath()));
            }
            requireRoom(connect, "storage", volume.pool(), needed);
            String name = volumeName(spec, volume);
            if (volumeExists(connect, volume.pool(), name)) {
                throw new InvalidSpecException("storage", "Pool '" + volume.pool() + "' has a volume '" + name
                        + "' already");
            }
        }
    }

    private static void checkNetwork(Connect connect, VmSpec spec) throws InvalidSpecException, LibvirtException {
        NetworkChoice network = spec.network();
        if (network instanceof NetworkChoice.VirtualNetwork virtual) {
            if (!List.of(connect.listNetworks()).contains(virtual.name())) {
                throw new InvalidSpecException("network", "There is no active network '" + virtual.name() + "'");
            }
        } else if (network instanceof NetworkChoice.Bridge bridge) {
            if (!bridges(connect, Volumes.localHost(spec.connection())).contains(bridge.name())) {
                throw new InvalidSpecException("network", "There is no host bridge '" + bridge.name() + "'");
            }
        }
    }

    /** The pool that takes a network install's kernel and initrd: the new disk's, else 'default'. */
    private static String kernelPool(Connect connect, VmSpec spec) throws InvalidSpecException, LibvirtException {
        String pool = spec.storage() instanceof StorageChoice.NewVolume v ? v.pool() : "default";
        if (!activePool(connect, pool)) {
            throw new InvalidSpecException("storage", "A network install keeps the installer's kernel in a pool: "
                    + "choose a new volume in an active pool (there is no active pool '" + pool + "')");
        }
        return pool;
    }

    private static void requirePath(Connect connect, String field, String what, String path, boolean local)
            throws InvalidSpecException, LibvirtException {
        if (path == null || path.isBlank()) {
            throw new InvalidSpecException(field, "Choose a " + what);
        }
        if (volumeAt(connect, path)) {
            return;
        }
        if (!local) {
            throw new InvalidSpecException(field, "The " + what + " " + path + " is not in a storage pool of the host");
        }
        if (!Files.isRegularFile(Path.of(path))) {
            throw new InvalidSpecException(field, "The " + what + " " + path + " does not exist on the host");
        }
    }

    private static void requireRoom(Connect connect, String field, String pool, long bytes)
            throws InvalidSpecException, LibvirtException {
        if (!activePool(connect, pool)) {
            throw new InvalidSpecException(field, "There is no active storage pool '" + pool + "'");
        }
        long available = Volumes.availableBytes(connect, pool);
        if (bytes > available) {
            throw new InvalidSpecException(field, "Pool '" + pool + "' has " + mib(available) + " free; the new volume needs "
                    + mib(bytes));
        }
    }

    private static boolean activePool(Connect connect, String pool) throws LibvirtException {
        return List.of(connect.listStoragePools()).contains(pool);
    }

    private static boolean volumeAt(Connect connect, String path) throws LibvirtException {
        try {
            Handles.free(connect.storageVolLookupByPath(path));
            return true;
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                return false;
            }
            throw e;
        }
    }

    private static boolean volumeExists(Connect connect, String pool, String name) throws LibvirtException {
        StoragePool p = connect.storagePoolLookupByName(pool);
        try {
            return List.of(p.listVolumes()).contains(name);
        } finally {
            Handles.free(p);
        }
    }

    private static long sourceBytes(Connect connect, String path) throws LibvirtException {
        try {
            StorageVol vol = connect.storageVolLookupByPath(path);
            try {
                return Volumes.physicalBytes(vol);
            } finally {
                Handles.free(vol);
            }
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) != ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                throw e;
            }
        }
        try {
            return Files.size(Path.of(path));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The new disk's volume: the VM's name and its format's extension. */
    private static String volumeName(VmSpec spec, StorageChoice.NewVolume volume) {
        String format = spec.install() instanceof InstallSource.CloudImage ? "img" : volume.format();
        return spec.name() + "." + format;
    }

    // ---- creation -----------------------------------------------------------------------------

    TaskBody create(VmSpec spec) {
        return progress -> (dispatcher, state) -> {
            try {
                return CompletableFuture.completedFuture(run(spec, progress, dispatcher, state));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /** Everything one creation made, to remove on failure. */
    private static final class Made {
        final Volumes volumes = new Volumes();
        String domainUuid;
        boolean uefi;
    }

    private String run(VmSpec spec, TaskProgress progress, Dispatcher dispatcher, Supplier<StateTree> state)
            throws Exception {
        validate(spec);
        LibvirtConnection c = connections.apply(spec.connection());
        Volumes.Cancel cancel = new Volumes.Cancel();
        progress.onCancel(cancel::cancel);
        Made made = new Made();
        try {
            Connect connect = c.withConnect(current -> current);
            String message = build(connect, spec, progress, cancel, made);
            progress.report(0.99, "Showing VM '" + spec.name() + "'");
            getVm.apply(spec.connection(), spec.name()).run(dispatcher, state).toCompletableFuture()
                    .get(DISPATCH_WAIT_SECONDS, TimeUnit.SECONDS);
            progress.report(1, null);
            return message;
        } catch (Exception | Error e) {
            String left = cleanUp(c, made);
            if (cancel.cancelled() || progress.cancelled()) {
                throw new CancellationException("Creating VM '" + spec.name() + "' was cancelled"
                        + (left.isEmpty() ? "; nothing it made is left" : "; " + left));
            }
            throw new IllegalStateException("Creating VM '" + spec.name() + "' failed: " + describe(e)
                    + (left.isEmpty() ? "; nothing it made is left" : "; " + left), e);
        }
    }

    private String build(Connect connect, VmSpec spec, TaskProgress progress, Volumes.Cancel cancel, Made made)
            throws Exception {
        HostCapabilities caps = HostCapabilities.read(connect, virtType);
        boolean local = Volumes.localHost(spec.connection());
        String diskBus = spec.diskBus() != null ? spec.diskBus() : caps.diskBuses().get(0);
        String cdromBus = cdromBus(caps);
        List<DeviceXml.Disk> disks = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        List<String> boot = new ArrayList<>();
        DomainBuilder.Kernel kernel = null;
        InstallSource install = spec.install();

        if (install instanceof InstallSource.Import image) {
            disks.add(disk(diskBus, targets, image.path(), formatOf(connect, image.path(), local)));
        }
        if (install instanceof InstallSource.CloudImage cloud) {
            StorageChoice.NewVolume volume = (StorageChoice.NewVolume) spec.storage();
            progress.report(0, "Copying the cloud image " + cloud.imagePath());
            Volumes.Made copy = made.volumes.copy(connect, cloud.imagePath(), volume.pool(), volumeName(spec, volume),
                    local, (done, total) -> progress.report(0.8 * fraction(done, total), null), cancel);
            made.volumes.grow(connect, copy, volume.sizeBytes());
            disks.add(disk(diskBus, targets, copy.path(), Volumes.format(connect, copy.path())));
            progress.report(0.85, "Making the cloud-init seed");
            Volumes.Made seed = seed(connect, spec, cloud.seed(), volume.pool(), made, cancel);
            disks.add(DeviceXml.Disk.cdrom(cdromBus, DeviceXml.nextTarget(cdromBus, targets), seed.path()));
            targets.add(disks.get(disks.size() - 1).target());
        } else if (spec.storage() instanceof StorageChoice.NewVolume volume) {
            progress.report(0.1, "Creating volume " + volumeName(spec, volume) + " in pool " + volume.pool());
            Volumes.Made disk = made.volumes.create(connect, volume.pool(), volumeName(spec, volume), volume.sizeBytes(),
                    volume.format());
            disks.add(disk(diskBus, targets, disk.path(), volume.format()));
        } else if (spec.storage() instanceof StorageChoice.ExistingVolume existing) {
            disks.add(disk(diskBus, targets, existing.path(), formatOf(connect, existing.path(), local)));
        }
        checkCancel(cancel);

        if (install instanceof InstallSource.Iso iso) {
            String target = DeviceXml.nextTarget(cdromBus, targets);
            targets.add(target);
            disks.add(DeviceXml.Disk.cdrom(cdromBus, target, iso.path()));
            // A blank disk does not boot, so the installer starts from the CD-ROM; once installed, the disk boots.
            boot.addAll(disks.size() > 1 ? List.of("hd", "cdrom") : List.of("cdrom"));
        } else if (install instanceof InstallSource.Pxe) {
            boot.addAll(List.of("network", "hd"));
        } else if (install instanceof InstallSource.Kernel k) {
            kernel = new DomainBuilder.Kernel(k.kernel(), k.initrd(), k.cmdline());
        } else if (install instanceof InstallSource.NetworkTree tree) {
            kernel = fetch(connect, spec, tree, made, progress, cancel);
        }
        if (boot.isEmpty()) {
            boot.add("hd");
        }

        List<DeviceXml.Nic> nics = new ArrayList<>();
        NetworkChoice network = spec.network();
        String model = spec.nicModel() != null ? spec.nicModel() : "virtio";
        if (network instanceof NetworkChoice.VirtualNetwork virtual) {
            nics.add(new DeviceXml.Nic("network", virtual.name(), model, DeviceXml.newMac(connect), null));
        } else if (network instanceof NetworkChoice.Bridge bridge) {
            nics.add(new DeviceXml.Nic("bridge", bridge.name(), model, DeviceXml.newMac(connect), null));
        }

        DomainBuilder.Spec domain = new DomainBuilder.Spec(spec.name(), null, spec.os(), spec.memoryKiB(), spec.vcpus(),
                caps.virtType(), caps.arch(), caps.machine(), spec.firmware() == Firmware.UEFI, boot, kernel, disks, nics,
                "virtio", caps.rngBuiltin());
        checkCancel(cancel);
        progress.report(0.9, "Defining VM '" + spec.name() + "'");
        Domain defined = connect.domainDefineXML(DomainBuilder.xml(domain));
        try {
            made.domainUuid = defined.getUUIDString();
            made.uefi = domain.uefi();
            checkCancel(cancel);
            if (!spec.start()) {
                return "Created VM '" + spec.name() + "'";
            }
            progress.report(0.95, "Starting VM '" + spec.name() + "'");
            defined.create();
            if (install instanceof InstallSource.NetworkTree) {
                // Booted once into the installer (QEMU has read the kernel); from now on it boots its disk.
                Handles.free(connect.domainDefineXML(DomainBuilder.xml(domain.installed(made.domainUuid, List.of("hd")))));
                for (Volumes.Made volume : made.volumes.made()) {
                    if (volume.name().endsWith(KERNEL_SUFFIX) || volume.name().endsWith(INITRD_SUFFIX)) {
                        made.volumes.delete(connect, volume);
                    }
                }
            }
            return "Created VM '" + spec.name() + "' and started it";
        } finally {
            Handles.free(defined);
        }
    }

    private static final String KERNEL_SUFFIX = "-install-kernel";
    private static final String INITRD_SUFFIX = "-install-initrd";

    /** Fetches a tree's kernel and initrd into volumes of the pool; the kernel boot that uses them. */
    private DomainBuilder.Kernel fetch(Connect connect, VmSpec spec, InstallSource.NetworkTree tree, Made made,
                                       TaskProgress progress, Volumes.Cancel cancel) throws Exception {
        String pool = kernelPool(connect, spec);
        progress.report(0.1, "Looking at the install tree " + tree.url());
        InstallTree.Found found = trees.probe(tree.url());
        progress.report(0.15, "Fetching the " + found.layout().name() + " installer's kernel");
        Volumes.Made kernel = download(connect, found.kernel(), pool, spec.name() + KERNEL_SUFFIX, made, cancel,
                (done, total) -> progress.report(0.15 + 0.15 * fraction(done, total), null));
        progress.report(0.3, "Fetching the installer's initrd");
        Volumes.Made initrd = download(connect, found.initrd(), pool, spec.name() + INITRD_SUFFIX, made, cancel,
                (done, total) -> progress.report(0.3 + 0.55 * fraction(done, total), null));
        return new DomainBuilder.Kernel(kernel.path(), initrd.path(), found.cmdline());
    }

    private Volumes.Made download(Connect connect, java.net.URI uri, String pool, String name, Made made,
                                  Volumes.Cancel cancel, Volumes.Progress progress) throws Exception {
        InstallTree.Download download = trees.open(uri);
        try (InputStream body = download.body()) {
            return made.volumes.upload(connect, body, uri.toString(), download.length(), pool, name, progress, cancel);
        }
    }

    private static Volumes.Made seed(Connect connect, VmSpec spec, CloudInit seed, String pool, Made made,
                                     Volumes.Cancel cancel) throws Exception {
        Path dir = Files.createTempDirectory("hangar-seed");
        try {
            Path iso = CloudSeed.makeIso(dir, CloudSeed.userData(seed), CloudSeed.metaData(spec.name(), seed));
            try (InputStream in = Files.newInputStream(iso)) {
                return made.volumes.upload(connect, in, "the seed ISO", Files.size(iso), pool,
                        spec.name() + "-seed.iso", (done, total) -> { }, cancel);
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Removes what the creation made: the definition (forced off first), then the volumes, newest first.
     * The connection may be coming back from a restart: it is waited for, a while. Returns what is left.
     */
    private static String cleanUp(LibvirtConnection c, Made made) {
        if (made.domainUuid == null && made.volumes.made().isEmpty()) {
            return "";
        }
        long deadline = System.currentTimeMillis() + CLEANUP_WAIT_MS;
        String problem = null;
        while (true) {
            try {
                List<String> left = c.withConnect(connect -> {
                    List<String> problems = new ArrayList<>();
                    if (made.domainUuid != null) {
                        undefine(connect, made.domainUuid, made.uefi);
                        made.domainUuid = null;
                    }
                    problems.addAll(made.volumes.deleteAll(connect));
                    return problems;
                });
                return left.isEmpty() ? "" : "these could not be removed: " + String.join("; ", left);
            } catch (LibvirtException | IllegalStateException e) {
                problem = e instanceof LibvirtException le ? LibvirtErrors.detail(le) : e.getMessage();
                if (e instanceof LibvirtException le && !LibvirtErrors.connectionLost(le)) {
                    // libvirt refuses: waiting will not change that.
                    return "these could not be removed (" + problem + "): " + String.join(", ", leftOver(made));
                }
            }
            if (System.currentTimeMillis() > deadline) {
                return "these are left, as the connection did not come back (" + problem + "): "
                        + String.join(", ", leftOver(made));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "cleaning up was interrupted";
            }
        }
    }

    private static List<String> leftOver(Made made) {
        List<String> left = new ArrayList<>();
        if (made.domainUuid != null) {
            left.add("the definition (UUID " + made.domainUuid + ")");
        }
        for (Volumes.Made volume : made.volumes.made()) {
            left.add(volume.pool() + "/" + volume.name());
        }
        return left;
    }

    private static void undefine(Connect connect, String uuid, boolean nvram) throws LibvirtException {
        Domain domain;
        try {
            domain = connect.domainLookupByUUIDString(uuid);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return;
            }
            throw e;
        }
        try {
            if (domain.isActive() == 1) {
                NativeLibvirt.destroy(domain);
            }
            domain.undefine(UNDEFINE_SAVE_AND_SNAPSHOTS | (nvram ? UNDEFINE_NVRAM : 0));
        } finally {
            Handles.free(domain);
        }
    }

    private static DeviceXml.Disk disk(String bus, Set<String> targets, String path, String format) {
        String target = DeviceXml.nextTarget(bus, targets);
        targets.add(target);
        return DeviceXml.Disk.file(bus, target, path, format);
    }

    /** CD-ROMs on SATA where the machine is a Q35, else IDE (i440fx), as virt-install picks them. */
    private static String cdromBus(HostCapabilities caps) {
        boolean q35 = caps.machine() != null && caps.machine().contains("q35");
        if (q35 && caps.diskBuses().contains("sata")) {
            return "sata";
        }
        return caps.diskBuses().contains("ide") ? "ide" : caps.diskBuses().contains("sata") ? "sata" : "scsi";
    }

    /** A disk's format: the pool's word for a volume, the header's for a local file (qcow2 or raw). */
    private static String formatOf(Connect connect, String path, boolean local) throws LibvirtException {
        if (volumeAt(connect, path)) {
            String format = Volumes.format(connect, path);
            return "qcow2".equals(format) ? "qcow2" : "raw";
        }
        if (local) {
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                byte[] magic = in.readNBytes(4);
                if (magic.length == 4 && magic[0] == 'Q' && magic[1] == 'F' && magic[2] == 'I' && (magic[3] & 0xff) == 0xfb) {
                    return "qcow2";
                }
            } catch (IOException e) {
                // libvirt says what is wrong with the path when it defines the disk.
            }
        }
        return "raw";
    }

    private static void checkCancel(Volumes.Cancel cancel) {
        if (cancel.cancelled()) {
            throw new CancellationException("cancelled");
        }
    }

    private static double fraction(long done, long total) {
        return total <= 0 ? 1 : Math.min(1, (double) done / total);
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof LibvirtException le) {
            return LibvirtErrors.detail(le);
        }
        if (t instanceof InvalidSpecException invalid) {
            return invalid.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }

    /** The value of {@code attribute} on the first {@code <element>} of a libvirt XML, or null. */
    private static String attribute(String xml, String element, String attribute) {
        try {
            var r = DomainXml.newReader(new java.io.StringReader(xml));
            try {
                while (r.hasNext()) {
                    if (r.next() == javax.xml.stream.XMLStreamConstants.START_ELEMENT && element.equals(r.getLocalName())) {
                        return r.getAttributeValue(null, attribute);
                    }
                }
            } finally {
                r.close();
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            return null;
        }
        return null;
    }
}
