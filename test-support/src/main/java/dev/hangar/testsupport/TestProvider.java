package dev.hangar.testsupport;

import com.vaadin.flow.component.Component;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleBusyException;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.capability.VmConfiguration;
import dev.hangar.plugins.capability.VmSnapshots;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.capability.VmCreation;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.configure.DiskSpec;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallMethod;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.Template;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.create.Volume;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmOs;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.plugins.vm.VmWarning;
import dev.hangar.store.Thunk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A provider for testing the UI's contract: VMs in memory whose lifecycle verbs change their state at
 * once, a state of its own ("migrating", which allows nothing), pause/resume, failures, warnings and
 * slow actions on demand, and contributions (tabs, disk columns, disk actions) set by each test.
 * Its running VMs have two consoles ({@link Consoles}): {@link #SERIAL} and {@link #VNC}, both echoing
 * what is written to them, with a flooding and a busy mode on demand.
 *
 * <p>It makes and changes VMs in memory ({@link VmCreation}, {@link VmConfiguration}) on one host of
 * {@link #HOST_MEMORY_KIB} and {@link #MAX_VCPUS}: pools {@code default} (with {@link #ISO}, a cloud
 * image and a base image) and {@code tiny} (1 MiB free), networks {@code default} and {@code isolated},
 * bridge {@code br0}, BIOS and UEFI, every install method, template {@link #SMALL}. Names, memory,
 * vCPUs, pool space, paths ({@link #hostFiles}) and cloud-init user-data (a simple YAML check) are
 * validated, each naming its field. A creation or clone is a {@link TestTask} (see {@link #tasks},
 * {@link #lastTask()}): it finishes at once, or with {@link #holdTasks} when the test says, putting
 * the new VM only then. Every {@link Setting} is changeable ({@link #changeable}); on a running VM
 * memory and vCPUs change live up to their maximum and hotplug is live, the rest waits for the next
 * boot as a pending entry (cleared when the VM starts or stops); a rename removes the old ref and puts
 * the new one. {@link #failNext(String, String)} fails one call of these methods.
 */
public class TestProvider implements VirtProvider, Consoles, VmCreation, VmConfiguration, VmSnapshots {
    public static final String MIGRATING = "migrating";
    public static final String CONNECTION = "test:///ui";
    /** A serial console: a banner, then every byte written comes back; one stream the host shares. */
    public static final String SERIAL = "serial0";
    /** A "graphical" console: echoes too (no RFB), one stream per viewer as VNC is. */
    public static final String VNC = "vnc0";
    public static final String BANNER = "HANGAR-TEST-CONSOLE ready\r\n";
    public static final String NOT_RUNNING = "Start the VM to use its console";

    private final String name;
    private final Map<VmRef, Vm> vms = new ConcurrentHashMap<>();
    private final Map<VmVerb, String> failures = new ConcurrentHashMap<>();
    private final Map<VmVerb, String> warnings = new ConcurrentHashMap<>();
    private final Map<VmVerb, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<DeleteOptions> deletes = new CopyOnWriteArrayList<>();
    public volatile List<VmTab> tabs = List.of();
    public volatile List<DiskColumn> diskColumns = List.of();
    public volatile Function<VmContext, List<Component>> diskActions = ctx -> List.of();
    public volatile boolean demo = true;
    private volatile ProviderContext context;
    /** Its consoles opened from now on send endless output (line after line) besides the echo. */
    public volatile boolean consoleFlood;
    /** When set, opening a console without {@code takeOver} throws ConsoleBusyException with this message. */
    public volatile String consoleBusy;
    /** When set, opening a console throws it (an exception or an Error). */
    public volatile Throwable consoleFailure;
    /** How often {@link #open} was called (refused or not): refusals must leave it unchanged. */
    public final AtomicInteger consoleOpens = new AtomicInteger();
    /** How many of the streams it opened are not closed yet. */
    public final AtomicInteger openConsoleStreams = new AtomicInteger();
    /** How many bytes the host has read from its console streams. */
    public final AtomicLong consoleBytesRead = new AtomicLong();

    /** Its snapshots (VmSnapshots), in memory. */
    public final TestSnapshots snapshots = new TestSnapshots(ref -> vms.containsKey(ref) ? vms.get(ref).state() : null,
            (ref, newState) -> put(restarted(vms.get(ref), newState)));

    public TestProvider(String name) {
        this.name = name;
    }

    @Override
    public SnapshotList snapshots(VmRef vm) {
        return snapshots.snapshots(vm);
    }

    @Override
    public Thunk<String> takeSnapshot(VmRef vm, SnapshotSpec spec) {
        return snapshots.take(vm, spec);
    }

    @Override
    public Thunk<String> revertToSnapshot(VmRef vm, String snapshot) {
        return snapshots.revert(vm, snapshot);
    }

    @Override
    public Thunk<String> deleteSnapshot(VmRef vm, String snapshot, boolean withChildren) {
        return snapshots.delete(vm, snapshot, withChildren);
    }

    /** A VM of this provider on its one connection, with two disks (one without source) and a NIC. */
    public Vm vm(String vmName, String state) {
        VmRef ref = new VmRef(name, CONNECTION, vmName, "uuid-" + name + "-" + vmName);
        return new Vm(ref, state, null, 2, 1024 * 1024, 2048 * 1024,
                new VmOs("hvm", "x86_64", "pc-q35-7.2", List.of("hd", "network")), true, true,
                List.of(new VmDisk("vda", "disk", "virtio", "file", "/var/lib/images/" + vmName + ".qcow2", "qcow2",
                                20L << 30, 3L << 30, false),
                        new VmDisk("vdb", "disk", "virtio", "file", "/var/lib/images/" + vmName + "-data.raw", "raw",
                                10L << 30, 1L << 30, false),
                        new VmDisk("hdc", "cdrom", "sata", null, null, null, null, null, true)),
                List.of(new VmNic("network", "default", "virtio", "52:54:00:12:34:56", "up", "vnet0")));
    }

    /** Adds or replaces a VM and tells the store. */
    public Vm put(Vm vm) {
        vms.put(vm.ref(), vm);
        if (context != null) {
            context.store().dispatch(context.actions().updateOrAddVm(vm));
        }
        return vm;
    }

    public void remove(VmRef ref) {
        vms.remove(ref);
        context.store().dispatch(context.actions().vmRemoved(ref));
    }

    public void usage(Vm vm, double cpu, long usedKiB, long at) {
        context.store().dispatch(context.actions().usageSampled(Map.of(vm.ref(), new VmUsage(cpu, usedKiB, at))));
    }

    public void connection(ConnectionStatus.State state, String message) {
        context.store().dispatch(context.actions().connectionChanged(
                new ConnectionStatus(name, CONNECTION, "Test " + name, state, message, demo, System.currentTimeMillis())));
    }

    /** The next {@code verb} fails with this message. */
    public void failNext(VmVerb verb, String message) {
        failures.put(verb, message);
    }

    /** The next {@code verb} takes effect but ends with a {@link VmWarning} saying this. */
    public void warnNext(VmVerb verb, String message) {
        warnings.put(verb, message);
    }

    /** The next {@code verb} runs until the returned future completes. */
    public CompletableFuture<Void> hold(VmVerb verb) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        holds.put(verb, gate);
        return gate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Boolean> init(ProviderContext ctx) {
        this.context = ctx;
        connection(ConnectionStatus.State.CONNECTED, null);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public Thunk<Void> getVm(String connection, String vmName) {
        return (dispatcher, state) -> CompletableFuture.completedFuture(null);
    }

    @Override
    public Thunk<Void> getAllVms() {
        return (dispatcher, state) -> {
            dispatcher.dispatch(context.actions().replaceVms(name, CONNECTION, new ArrayList<>(vms.values())));
            return CompletableFuture.completedFuture(null);
        };
    }

    private Thunk<Void> transition(VmVerb verb, VmRef ref, String newState) {
        return (dispatcher, state) -> {
            calls.add(verb + " " + ref.name());
            CompletableFuture<Void> gate = holds.remove(verb);
            if (gate != null) {
                gate.get();
            }
            String failure = failures.remove(verb);
            if (failure != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(failure));
            }
            Vm vm = vms.get(ref);
            if (newState == null) {
                remove(ref);
            } else if (vm != null) {
                put(restarted(vm, newState));
            }
            String warning = warnings.remove(verb);
            return warning == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new VmWarning(warning));
        };
    }

    /** Every verb in one place; VirtProvider's verb methods default to this. */
    @Override
    public Thunk<Void> verb(VmVerb verb, VmRef vm) {
        return transition(verb, vm, switch (verb) {
            case SHUTDOWN, FORCE_OFF -> VmStates.SHUT_OFF;
            case PAUSE -> VmStates.PAUSED;
            case DELETE -> null;
            default -> VmStates.RUNNING;
        });
    }

    @Override
    public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
        deletes.add(options);
        return transition(VmVerb.DELETE, vm, null);
    }

    @Override
    public boolean canPause(String state) {
        return VmStates.RUNNING.equals(state);
    }

    @Override
    public boolean canResume(String state) {
        return VmStates.PAUSED.equals(state);
    }

    @Override
    public boolean canDelete(String state) {
        return !MIGRATING.equals(state);
    }

    @Override
    public Map<String, VmStateInfo> vmStateMap() {
        return Map.of(MIGRATING, new VmStateInfo("Migrating", "primary", "exchange"));
    }

    @Override
    public List<VmTab> vmTabs() {
        return tabs;
    }

    @Override
    public List<DiskColumn> vmDiskColumns() {
        return diskColumns;
    }

    @Override
    public List<Component> vmDiskActions(VmContext vm) {
        return diskActions.apply(vm);
    }

    /** A running VM has both consoles; any other lists them as unavailable; an unknown VM has none. */
    @Override
    public List<Console> consoles(VmRef ref) {
        Vm vm = vms.get(ref);
        if (vm == null) {
            return List.of();
        }
        String unavailable = VmStates.RUNNING.equals(vm.state()) ? null : NOT_RUNNING;
        return List.of(new Console(SERIAL, ConsoleKind.SERIAL, "Serial console (ttyS0)", unavailable),
                new Console(VNC, ConsoleKind.VNC, "Graphical (VNC)", unavailable));
    }

    @Override
    public ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) throws Exception {
        consoleOpens.incrementAndGet();
        calls.add("open console " + consoleId + " of " + vm.name() + (takeOver ? " (take over)" : ""));
        Throwable failure = consoleFailure;
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        Console console = consoles(vm).stream().filter(c -> c.id().equals(consoleId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("VM '" + vm.name() + "' has no console '" + consoleId + "'"));
        if (!console.isAvailable()) {
            throw new IllegalStateException(console.unavailable());
        }
        String busy = consoleBusy;
        if (busy != null && !takeOver) {
            throw new ConsoleBusyException(busy);
        }
        openConsoleStreams.incrementAndGet();
        return new EchoStream(console.kind() == ConsoleKind.SERIAL ? BANNER : "RFB 003.008\n",
                consoleFlood);
    }

    // Creation and configuration (VmCreation, VmConfiguration), in memory.

    /** Choices' host: 16 GiB of memory, at most 8 vCPUs for a VM. */
    public static final long HOST_MEMORY_KIB = 16L << 20;
    public static final int MAX_VCPUS = 8;
    /** Pool "default" holds this ISO, this cloud image and a base image; pool "tiny" has 1 MiB free and nothing. */
    public static final String ISO = "/var/lib/images/debian-12.iso";
    public static final String CLOUD_IMAGE = "/var/lib/images/debian-12-cloud.qcow2";
    public static final String BASE_IMAGE = "/var/lib/images/base.qcow2";
    public static final String KERNEL = "/boot/vmlinuz";
    public static final String INITRD = "/boot/initrd.img";
    public static final long TINY_FREE_BYTES = 1L << 20;
    public static final long DEFAULT_FREE_BYTES = 50L << 30;
    public static final List<Pool> POOLS = List.of(
            new Pool("default", "dir", 100L << 30, DEFAULT_FREE_BYTES, true, List.of(
                    new Volume("default", "debian-12.iso", ISO, 600L << 20, "raw"),
                    new Volume("default", "debian-12-cloud.qcow2", CLOUD_IMAGE, 2L << 30, "qcow2"),
                    new Volume("default", "base.qcow2", BASE_IMAGE, 10L << 30, "qcow2"))),
            new Pool("tiny", "dir", TINY_FREE_BYTES, TINY_FREE_BYTES, true, List.of()));
    public static final List<String> NETWORKS = List.of("default", "isolated");
    public static final List<String> BRIDGES = List.of("br0");
    public static final Template SMALL = new Template("small", "Small (1 GiB, 1 vCPU)", 1L << 20, 1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** What a running VM can change without a restart, as libvirt allows (hotplug on virtio/scsi). */
    private static final Set<Setting> LIVE = EnumSet.of(Setting.MEMORY, Setting.VCPUS, Setting.AUTOSTART,
            Setting.DESCRIPTION, Setting.DISK_ADD, Setting.DISK_DETACH, Setting.MEDIA, Setting.NIC_ADD,
            Setting.NIC_REMOVE, Setting.NIC_LINK);

    /** Files on the test "host": paths of volumes, kernels and images an ISO or disk may name. */
    public final Set<String> hostFiles = ConcurrentHashMap.newKeySet();
    /** When set, creations and clones wait for their {@link TestTask} to be driven; else they finish at once. */
    public volatile boolean holdTasks;
    /** Every creation and clone body made, in order. */
    public final List<TestTask> tasks = new CopyOnWriteArrayList<>();
    /** What {@link #settings} lists as changeable (all by default); a test takes some away to hide controls. */
    public volatile Set<Setting> changeable = EnumSet.allOf(Setting.class);
    /** Volumes deleted by a detach with {@code deleteVolume}. */
    public final List<String> deletedVolumes = new CopyOnWriteArrayList<>();
    private final Map<String, String> callFailures = new ConcurrentHashMap<>();
    private final Map<VmRef, Definition> definitions = new ConcurrentHashMap<>();
    private final AtomicInteger macs = new AtomicInteger(0x10);

    {
        hostFiles.addAll(List.of(ISO, CLOUD_IMAGE, BASE_IMAGE, KERNEL, INITRD));
    }

    /**
     * The next call of that capability method fails with this message: {@code choices}, {@code nameProblem},
     * {@code validate}, {@code settings} throw; {@code change} fails its stage; {@code create} and
     * {@code cloneVm} fail their task as it starts.
     */
    public void failNext(String call, String message) {
        callFailures.put(call, message);
    }

    /** The last creation or clone body, or null. */
    public TestTask lastTask() {
        return tasks.isEmpty() ? null : tasks.get(tasks.size() - 1);
    }

    private void failIfAsked(String call) {
        String failure = callFailures.remove(call);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public CreationChoices choices(String connection) {
        failIfAsked("choices");
        knownConnection(connection);
        return new CreationChoices(EnumSet.allOf(InstallMethod.class), POOLS, List.of("qcow2", "raw"), NETWORKS,
                BRIDGES, EnumSet.allOf(Firmware.class), List.of(SMALL), MAX_VCPUS, HOST_MEMORY_KIB,
                List.of("virtio", "sata", "scsi", "ide"), List.of("virtio", "e1000e", "rtl8139"));
    }

    private static void knownConnection(String connection) {
        if (!CONNECTION.equals(connection)) {
            throw new IllegalArgumentException("There is no connection " + connection);
        }
    }

    @Override
    public String nameProblem(String connection, String vmName) {
        failIfAsked("nameProblem");
        return nameIssue(vmName);
    }

    private String nameIssue(String vmName) {
        if (vmName == null || vmName.isBlank()) {
            return "A VM needs a name";
        }
        if (vmName.length() > 64) {
            return "Names are at most 64 characters";
        }
        if (!NAME.matcher(vmName).matches()) {
            return "Names hold letters, digits, '.', '-' and '_', and start with a letter or digit";
        }
        for (VmRef ref : vms.keySet()) {
            if (ref.name().equals(vmName)) {
                return "A VM named '" + vmName + "' exists on this connection";
            }
        }
        return null;
    }

    @Override
    public void validate(VmSpec spec) throws InvalidSpecException {
        calls.add("validate " + spec.name());
        failIfAsked("validate");
        if (!CONNECTION.equals(spec.connection())) {
            throw new InvalidSpecException("connection", "There is no connection " + spec.connection());
        }
        String name = nameIssue(spec.name());
        if (name != null) {
            throw new InvalidSpecException("name", name);
        }
        if (spec.memoryKiB() <= 0 || spec.memoryKiB() > HOST_MEMORY_KIB) {
            throw new InvalidSpecException("memoryKiB", "The host has " + kib(HOST_MEMORY_KIB) + " of memory; "
                    + kib(spec.memoryKiB()) + " cannot be given to a VM");
        }
        if (spec.vcpus() < 1 || spec.vcpus() > MAX_VCPUS) {
            throw new InvalidSpecException("vcpus", "The host allows 1 to " + MAX_VCPUS + " vCPUs; " + spec.vcpus() + " are not possible");
        }
        InstallSource install = spec.install();
        if (install instanceof InstallSource.Iso iso) {
            existing("install", iso.path());
        } else if (install instanceof InstallSource.Import image) {
            existing("install", image.path());
        } else if (install instanceof InstallSource.Kernel kernel) {
            existing("install", kernel.kernel());
            if (kernel.initrd() != null) {
                existing("install", kernel.initrd());
            }
        } else if (install instanceof InstallSource.CloudImage cloud) {
            existing("install", cloud.imagePath());
            if (!(spec.storage() instanceof StorageChoice.NewVolume)) {
                throw new InvalidSpecException("storage", "A cloud image is copied into a new volume: choose a pool and a size");
            }
            if (cloud.seed().userData() != null && !looksLikeYaml(cloud.seed().userData())) {
                throw new InvalidSpecException("userData", "The user-data is not YAML");
            }
        } else if (install instanceof InstallSource.FromTemplate template && !SMALL.id().equals(template.templateId())) {
            throw new InvalidSpecException("install", "There is no template '" + template.templateId() + "'");
        } else if (install instanceof InstallSource.Pxe && spec.network() instanceof NetworkChoice.NoNetwork) {
            throw new InvalidSpecException("network", "A PXE boot needs a network");
        }
        storageProblem("storage", spec.storage());
        networkProblem("network", spec.network());
    }

    private void existing(String field, String path) throws InvalidSpecException {
        if (!hostFiles.contains(path)) {
            throw new InvalidSpecException(field, "There is no file " + path + " on the host");
        }
    }

    private void storageProblem(String field, StorageChoice storage) throws InvalidSpecException {
        if (storage instanceof StorageChoice.NewVolume volume) {
            Pool pool = POOLS.stream().filter(p -> p.name().equals(volume.pool())).findFirst()
                    .orElseThrow(() -> new InvalidSpecException(field, "There is no pool '" + volume.pool() + "'"));
            if (volume.sizeBytes() > pool.availableBytes()) {
                throw new InvalidSpecException(field, "Pool '" + pool.name() + "' has " + bytes(pool.availableBytes())
                        + " free; " + bytes(volume.sizeBytes()) + " do not fit");
            }
            if (!List.of("qcow2", "raw").contains(volume.format())) {
                throw new InvalidSpecException(field, "Volumes are qcow2 or raw, not " + volume.format());
            }
        } else if (storage instanceof StorageChoice.ExistingVolume existing) {
            existing(field, existing.path());
        }
    }

    private static void networkProblem(String field, NetworkChoice network) throws InvalidSpecException {
        if (network instanceof NetworkChoice.VirtualNetwork virtual && !NETWORKS.contains(virtual.name())) {
            throw new InvalidSpecException(field, "There is no network '" + virtual.name() + "'");
        }
        if (network instanceof NetworkChoice.Bridge bridge && !BRIDGES.contains(bridge.name())) {
            throw new InvalidSpecException(field, "There is no bridge '" + bridge.name() + "'");
        }
    }

    /** A simple check, enough for tests: top-level lines are keys, list items or comments; brackets balance; no tabs. */
    static boolean looksLikeYaml(String text) {
        int open = 0;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals("---")) {
                continue;
            }
            if (line.contains("\t")) {
                return false;
            }
            if (!Character.isWhitespace(line.charAt(0)) && !line.startsWith("- ") && !line.matches("[^:{}\\[\\]]+:(\\s.*)?")) {
                return false;
            }
            for (char c : line.toCharArray()) {
                open += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
            }
        }
        return open == 0;
    }

    @Override
    public TaskBody create(VmSpec spec) {
        calls.add("create " + spec.name());
        TestTask task = new TestTask("create " + spec.name(), holdTasks, callFailures.remove("create"), () -> {
            List<VmDisk> disks = new ArrayList<>();
            String bus = spec.diskBus() == null ? "virtio" : spec.diskBus();
            if (spec.install() instanceof InstallSource.Import image) {
                disks.add(disk(target(disks, bus), bus, image.path(), "qcow2", 10L << 30));
            }
            if (spec.storage() instanceof StorageChoice.NewVolume volume) {
                String path = poolPath(volume.pool()) + spec.name() + "." + volume.format();
                hostFiles.add(path);
                disks.add(disk(target(disks, bus), bus, path, volume.format(), volume.sizeBytes()));
            } else if (spec.storage() instanceof StorageChoice.ExistingVolume existing) {
                disks.add(disk(target(disks, bus), bus, existing.path(), null, null));
            }
            if (spec.install() instanceof InstallSource.Iso iso) {
                disks.add(new VmDisk(target(disks, "sata"), "cdrom", "sata", "file", iso.path(), "raw", null, null, true));
            }
            List<VmNic> nics = new ArrayList<>();
            if (!(spec.network() instanceof NetworkChoice.NoNetwork)) {
                nics.add(nic(spec.network(), spec.nicModel(), null));
            }
            VmRef ref = new VmRef(name, CONNECTION, spec.name(), "uuid-" + name + "-" + spec.name());
            put(new Vm(ref, spec.start() ? VmStates.RUNNING : VmStates.SHUT_OFF, null, spec.vcpus(), spec.memoryKiB(),
                    spec.memoryKiB(), new VmOs("hvm", "x86_64", "pc-q35-7.2", List.of("hd")), false, true, disks, nics));
            Definition definition = definition(vms.get(ref));
            definition.firmware = spec.firmware();
            return "Created VM '" + spec.name() + "'";
        });
        tasks.add(task);
        return task;
    }

    private static String poolPath(String pool) {
        return "tiny".equals(pool) ? "/var/lib/tiny/" : "/var/lib/images/";
    }

    private static VmDisk disk(String target, String bus, String path, String format, Long capacity) {
        return new VmDisk(target, "disk", bus, "file", path, format, capacity, 0L, false);
    }

    /** The next free target of a bus: vda, vdb… for virtio; sda… for sata and scsi; hda… for ide. */
    private static String target(List<VmDisk> disks, String bus) {
        String prefix = "virtio".equals(bus) ? "vd" : "ide".equals(bus) ? "hd" : "sd";
        for (char letter = 'a'; ; letter++) {
            String target = prefix + letter;
            if (disks.stream().noneMatch(d -> target.equals(d.target()))) {
                return target;
            }
        }
    }

    private VmNic nic(NetworkChoice network, String model, String mac) {
        String type = network instanceof NetworkChoice.Bridge ? "bridge" : "network";
        String source = network instanceof NetworkChoice.Bridge bridge ? bridge.name()
                : ((NetworkChoice.VirtualNetwork) network).name();
        return new VmNic(type, source, model == null ? "virtio" : model,
                mac == null ? String.format("52:54:00:aa:00:%02x", macs.getAndIncrement()) : mac, "up", null);
    }

    /** A VM's definition as of its next boot, where it differs from the Vm (which shows it as it runs). */
    private static final class Definition {
        long memoryKiB;
        long maxMemoryKiB;
        int vcpus;
        int maxVcpus;
        CpuModel cpu = new CpuModel(CpuModel.Mode.DEFAULT, null);
        Firmware firmware = Firmware.BIOS;
        String description = "";
        List<String> boot = new ArrayList<>();
        final List<String> pending = new ArrayList<>();
    }

    /** Its definition, made from the Vm the first time: max vCPUs 4 (or its vCPUs, when more), boot from its first disk. */
    private Definition definition(Vm vm) {
        return definitions.computeIfAbsent(vm.ref(), ref -> {
            Definition d = new Definition();
            d.memoryKiB = vm.memoryKiB();
            d.maxMemoryKiB = Math.max(vm.memoryKiB(), vm.maxMemoryKiB());
            d.vcpus = vm.vcpus();
            d.maxVcpus = Math.max(4, vm.vcpus());
            vm.disks().stream().filter(disk -> "disk".equals(disk.device())).findFirst()
                    .ifPresent(disk -> d.boot.add("disk:" + disk.target()));
            return d;
        });
    }

    private Vm vmOf(VmRef ref) {
        Vm vm = vms.get(ref);
        if (vm == null) {
            throw new IllegalArgumentException("VM '" + ref.name() + "' no longer exists");
        }
        return vm;
    }

    @Override
    public synchronized VmSettings settings(VmRef ref) {
        failIfAsked("settings");
        Vm vm = vmOf(ref);
        Definition d = definition(vm);
        List<BootDevice> devices = new ArrayList<>();
        List<BootDevice> others = new ArrayList<>();
        for (VmDisk disk : vm.disks()) {
            String id = "disk:" + disk.target();
            String label = ("cdrom".equals(disk.device()) ? "CD-ROM " : "Disk ") + disk.target()
                    + (disk.source() == null ? "" : " (" + disk.source() + ")");
            (d.boot.contains(id) ? devices : others).add(new BootDevice(id, label, d.boot.contains(id)));
        }
        for (VmNic nic : vm.nics()) {
            String id = "nic:" + nic.mac();
            (d.boot.contains(id) ? devices : others).add(new BootDevice(id, "NIC " + nic.mac() + " (" + nic.source() + ")",
                    d.boot.contains(id)));
        }
        devices.sort(java.util.Comparator.comparingInt(device -> d.boot.indexOf(device.id())));
        devices.addAll(others);
        Set<Setting> can = Set.copyOf(changeable);
        Set<Setting> live = EnumSet.noneOf(Setting.class);
        if (VmStates.RUNNING.equals(vm.state())) {
            LIVE.stream().filter(can::contains).forEach(live::add);
        }
        return new VmSettings(d.memoryKiB, d.maxMemoryKiB, d.vcpus, d.maxVcpus, d.cpu, vm.autostart(), devices,
                d.description, d.firmware, MAX_VCPUS, HOST_MEMORY_KIB, List.of("qemu64", "Skylake-Server", "EPYC"),
                EnumSet.allOf(Firmware.class), can, live, d.pending);
    }

    @Override
    public Thunk<Applied> change(VmRef ref, VmChange change) {
        return (dispatcher, state) -> {
            calls.add(change.id() + " " + ref.name());
            try {
                failIfAsked("change");
                return CompletableFuture.completedFuture(apply(ref, change));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /** One change, with libvirt's rules: memory and vCPUs live up to their maximum, hotplug live, the rest at next boot. */
    private synchronized Applied apply(VmRef ref, VmChange change) {
        Vm vm = vmOf(ref);
        Definition d = definition(vm);
        boolean running = VmStates.RUNNING.equals(vm.state());
        if (!changeable.contains(change.setting())) {
            throw new UnsupportedOperationException("This provider cannot change " + change.setting() + " here");
        }
        if (change instanceof VmChange.Memory m) {
            if (m.maxMemoryKiB() > HOST_MEMORY_KIB) {
                throw new IllegalArgumentException("The host has " + kib(HOST_MEMORY_KIB) + "; " + kib(m.maxMemoryKiB()) + " are too much");
            }
            if (m.memoryKiB() <= 0 || m.memoryKiB() > m.maxMemoryKiB()) {
                throw new IllegalArgumentException("Memory must be above 0 and at most its maximum");
            }
            String before = kib(d.memoryKiB) + ", max " + kib(d.maxMemoryKiB);
            String after = kib(m.memoryKiB()) + ", max " + kib(m.maxMemoryKiB());
            boolean live = running && m.memoryKiB() <= vm.maxMemoryKiB();
            boolean later = running && (!live || m.maxMemoryKiB() != vm.maxMemoryKiB());
            d.memoryKiB = m.memoryKiB();
            d.maxMemoryKiB = m.maxMemoryKiB();
            if (!running) {
                put(copy(vm, vm.vcpus(), m.memoryKiB(), m.maxMemoryKiB(), vm.autostart(), vm.disks(), vm.nics()));
                return new Applied(false, true, before, after);
            }
            if (live) {
                put(copy(vm, vm.vcpus(), m.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), vm.disks(), vm.nics()));
            }
            if (later) {
                d.pending.add("Memory: " + before + " → " + after);
            }
            return new Applied(live, later, before, after);
        }
        if (change instanceof VmChange.Vcpus v) {
            if (v.maxVcpus() > MAX_VCPUS) {
                throw new IllegalArgumentException("The host allows " + MAX_VCPUS + " vCPUs; " + v.maxVcpus() + " are too many");
            }
            if (v.vcpus() < 1 || v.vcpus() > v.maxVcpus()) {
                throw new IllegalArgumentException("vCPUs must be at least 1 and at most their maximum");
            }
            String before = d.vcpus + ", max " + d.maxVcpus;
            String after = v.vcpus() + ", max " + v.maxVcpus();
            boolean live = running && v.vcpus() <= d.maxVcpus && v.maxVcpus() == d.maxVcpus;
            boolean later = running && !live;
            d.vcpus = v.vcpus();
            d.maxVcpus = v.maxVcpus();
            if (!running || live) {
                put(copy(vm, v.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), vm.disks(), vm.nics()));
            }
            if (later) {
                d.pending.add("vCPUs: " + before + " → " + after);
            }
            return new Applied(live, !running || later, before, after);
        }
        if (change instanceof VmChange.Cpu c) {
            String before = cpu(d.cpu);
            d.cpu = c.cpu();
            return applied(running, false, d, "CPU", before, cpu(c.cpu()));
        }
        if (change instanceof VmChange.Autostart a) {
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), a.autostart(), vm.disks(), vm.nics()));
            return applied(running, true, d, "Autostart", String.valueOf(vm.autostart()), String.valueOf(a.autostart()));
        }
        if (change instanceof VmChange.BootOrder b) {
            List<String> known = new ArrayList<>();
            vm.disks().forEach(disk -> known.add("disk:" + disk.target()));
            vm.nics().forEach(nic -> known.add("nic:" + nic.mac()));
            for (String device : b.devices()) {
                if (!known.contains(device)) {
                    throw new IllegalArgumentException("VM '" + vm.name() + "' has no device " + device);
                }
            }
            String before = String.join(", ", d.boot);
            d.boot = new ArrayList<>(b.devices());
            return applied(running, false, d, "Boot order", before, String.join(", ", d.boot));
        }
        if (change instanceof VmChange.Description text) {
            String before = d.description;
            d.description = text.text();
            return applied(running, true, d, "Description", before, text.text());
        }
        if (change instanceof VmChange.SetFirmware f) {
            String before = d.firmware.name();
            d.firmware = f.firmware();
            return applied(running, false, d, "Firmware", before, f.firmware().name());
        }
        if (change instanceof VmChange.AddDisk add) {
            DiskSpec spec = add.disk();
            try {
                storageProblem("storage", spec.storage());
            } catch (InvalidSpecException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            boolean cdrom = "cdrom".equals(spec.device());
            String bus = spec.bus() != null ? spec.bus() : cdrom ? "sata" : "virtio";
            List<VmDisk> disks = new ArrayList<>(vm.disks());
            String target = target(disks, bus);
            String path = null;
            String format = null;
            Long size = null;
            if (spec.storage() instanceof StorageChoice.NewVolume volume) {
                path = poolPath(volume.pool()) + vm.name() + "-" + target + "." + volume.format();
                format = volume.format();
                size = volume.sizeBytes();
                hostFiles.add(path);
            } else if (spec.storage() instanceof StorageChoice.ExistingVolume existing) {
                path = existing.path();
            }
            VmDisk disk = new VmDisk(target, cdrom ? "cdrom" : "disk", bus, path == null ? null : "file", path, format,
                    size, size == null ? null : 0L, cdrom);
            disks.add(disk);
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), disks, vm.nics()));
            return applied(running, hotplug(bus), d, "Disks", "", describe(disk));
        }
        if (change instanceof VmChange.DetachDisk detach) {
            VmDisk disk = diskOf(vm, detach.target());
            List<VmDisk> disks = new ArrayList<>(vm.disks());
            disks.remove(disk);
            if (detach.deleteVolume() && disk.source() != null) {
                deletedVolumes.add(disk.source());
                hostFiles.remove(disk.source());
            }
            d.boot.remove("disk:" + disk.target());
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), disks, vm.nics()));
            return applied(running, hotplug(disk.bus()), d, "Disks", describe(disk), "");
        }
        if (change instanceof VmChange.EditDisk edit) {
            VmDisk disk = diskOf(vm, edit.target());
            VmDisk edited = new VmDisk(disk.target(), disk.device(), edit.bus() == null ? disk.bus() : edit.bus(),
                    disk.sourceType(), disk.source(), disk.format(), disk.capacity(), disk.allocation(), disk.readOnly());
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), replaced(vm.disks(), disk, edited), vm.nics()));
            return applied(running, false, d, "Disk " + disk.target(), describe(disk),
                    describe(edited) + (edit.cache() == null ? "" : ", cache " + edit.cache()));
        }
        if (change instanceof VmChange.Media media) {
            VmDisk disk = diskOf(vm, media.target());
            if (!"cdrom".equals(disk.device())) {
                throw new IllegalArgumentException("Disk " + disk.target() + " is not a CD-ROM");
            }
            if (media.path() != null && !hostFiles.contains(media.path())) {
                throw new IllegalArgumentException("There is no file " + media.path() + " on the host");
            }
            VmDisk changed = new VmDisk(disk.target(), disk.device(), disk.bus(), media.path() == null ? null : "file",
                    media.path(), media.path() == null ? null : "raw", null, null, true);
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), replaced(vm.disks(), disk, changed), vm.nics()));
            return applied(running, true, d, "CD-ROM " + disk.target(), disk.source() == null ? "" : disk.source(),
                    media.path() == null ? "" : media.path());
        }
        if (change instanceof VmChange.AddNic add) {
            if (add.nic().network() instanceof NetworkChoice.NoNetwork) {
                throw new IllegalArgumentException("A NIC needs a network or a bridge");
            }
            try {
                networkProblem("network", add.nic().network());
            } catch (InvalidSpecException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            VmNic nic = nic(add.nic().network(), add.nic().model(), add.nic().mac());
            List<VmNic> nics = new ArrayList<>(vm.nics());
            nics.add(nic);
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), vm.disks(), nics));
            return applied(running, true, d, "NICs", "", describe(nic));
        }
        if (change instanceof VmChange.RemoveNic remove) {
            VmNic nic = nicOf(vm, remove.mac());
            List<VmNic> nics = new ArrayList<>(vm.nics());
            nics.remove(nic);
            d.boot.remove("nic:" + nic.mac());
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), vm.disks(), nics));
            return applied(running, true, d, "NICs", describe(nic), "");
        }
        if (change instanceof VmChange.EditNic edit) {
            VmNic nic = nicOf(vm, edit.mac());
            VmNic edited = edit.network() == null || edit.network() instanceof NetworkChoice.NoNetwork ? nic
                    : nic(edit.network(), nic.model(), nic.mac());
            edited = new VmNic(edited.type(), edited.source(), edit.model() == null ? nic.model() : edit.model(),
                    edit.newMac() == null ? nic.mac() : edit.newMac(), nic.linkState(), nic.target());
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), vm.disks(), replaced(vm.nics(), nic, edited)));
            return applied(running, false, d, "NIC " + nic.mac(), describe(nic), describe(edited));
        }
        if (change instanceof VmChange.NicLink link) {
            VmNic nic = nicOf(vm, link.mac());
            VmNic changed = new VmNic(nic.type(), nic.source(), nic.model(), nic.mac(), link.up() ? "up" : "down", nic.target());
            put(copy(vm, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.autostart(), vm.disks(), replaced(vm.nics(), nic, changed)));
            return applied(running, true, d, "Link of " + nic.mac(), nic.linkState(), changed.linkState());
        }
        if (change instanceof VmChange.Rename rename) {
            if (!VmStates.SHUT_OFF.equals(vm.state())) {
                throw new IllegalStateException("Shut off VM '" + vm.name() + "' to rename it");
            }
            String problem = nameIssue(rename.newName());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            VmRef renamed = new VmRef(ref.provider(), ref.connection(), rename.newName(), ref.id());
            definitions.put(renamed, definitions.remove(ref));
            remove(ref);
            put(new Vm(renamed, vm.state(), vm.stateReason(), vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.os(),
                    vm.autostart(), vm.persistent(), vm.disks(), vm.nics(), vm.devices()));
            return new Applied(false, true, vm.name(), rename.newName());
        }
        throw new UnsupportedOperationException("Unknown change " + change.id());
    }

    /** Live on a running VM where {@code liveNow}; otherwise at next boot, pending while it runs. */
    private static Applied applied(boolean running, boolean liveNow, Definition d, String what, String before, String after) {
        if (running && liveNow) {
            return new Applied(true, false, before, after);
        }
        if (running) {
            d.pending.add(what + ": " + before + " → " + after);
        }
        return new Applied(false, true, before, after);
    }

    private static boolean hotplug(String bus) {
        return "virtio".equals(bus) || "scsi".equals(bus);
    }

    private static <T> List<T> replaced(List<T> list, T old, T replacement) {
        List<T> copy = new ArrayList<>(list);
        copy.set(copy.indexOf(old), replacement);
        return copy;
    }

    private static VmDisk diskOf(Vm vm, String target) {
        VmDisk disk = vm.disk(target);
        if (disk == null) {
            throw new IllegalArgumentException("VM '" + vm.name() + "' has no disk " + target);
        }
        return disk;
    }

    private static VmNic nicOf(Vm vm, String mac) {
        return vm.nics().stream().filter(nic -> mac.equals(nic.mac())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("VM '" + vm.name() + "' has no NIC " + mac));
    }

    private static String describe(VmDisk disk) {
        return disk.device() + " " + disk.target() + " (" + disk.bus() + (disk.source() == null ? "" : ", " + disk.source()) + ")";
    }

    private static String describe(VmNic nic) {
        return nic.mac() + " (" + nic.type() + " " + nic.source() + ", " + nic.model() + ")";
    }

    private static String cpu(CpuModel cpu) {
        return cpu.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + (cpu.model() == null ? "" : " " + cpu.model());
    }

    private static Vm copy(Vm vm, int vcpus, long memoryKiB, long maxMemoryKiB, boolean autostart, List<VmDisk> disks, List<VmNic> nics) {
        return new Vm(vm.ref(), vm.state(), vm.stateReason(), vcpus, memoryKiB, maxMemoryKiB, vm.os(), autostart,
                vm.persistent(), disks, nics, vm.devices());
    }

    /** A VM that starts or stops takes its definition's values and has nothing pending any more. */
    private synchronized Vm restarted(Vm vm, String newState) {
        Definition d = definitions.get(vm.ref());
        if (d == null || newState.equals(vm.state())) {
            return vm.withState(newState, null);
        }
        d.pending.clear();
        return copy(vm, d.vcpus, d.memoryKiB, d.maxMemoryKiB, vm.autostart(), vm.disks(), vm.nics()).withState(newState, null);
    }

    @Override
    public TaskBody cloneVm(VmRef ref, CloneSpec spec) {
        calls.add("clone " + ref.name() + " as " + spec.name());
        Vm vm = vmOf(ref);
        if (!VmStates.SHUT_OFF.equals(vm.state())) {
            throw new IllegalStateException("Shut off VM '" + vm.name() + "' to clone it");
        }
        String problem = nameIssue(spec.name());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        for (CloneSpec.CloneDisk disk : spec.disks()) {
            diskOf(vm, disk.target());
            if (POOLS.stream().noneMatch(pool -> pool.name().equals(disk.pool()))) {
                throw new IllegalArgumentException("There is no pool '" + disk.pool() + "'");
            }
        }
        TestTask task = new TestTask("clone " + vm.name() + " as " + spec.name(), holdTasks, callFailures.remove("cloneVm"), () -> {
            List<VmDisk> disks = new ArrayList<>();
            for (VmDisk disk : vm.disks()) {
                var copied = spec.disks().stream().filter(c -> c.target().equals(disk.target())).findFirst();
                if (copied.isPresent()) {
                    String path = poolPath(copied.get().pool()) + spec.name() + "-" + disk.target() + ".qcow2";
                    hostFiles.add(path);
                    disks.add(new VmDisk(disk.target(), disk.device(), disk.bus(), "file", path, "qcow2",
                            disk.capacity(), disk.allocation(), disk.readOnly()));
                } else if ("cdrom".equals(disk.device())) {
                    disks.add(disk);
                }
            }
            List<VmNic> nics = vm.nics().stream().map(nic -> new VmNic(nic.type(), nic.source(), nic.model(),
                    String.format("52:54:00:aa:00:%02x", macs.getAndIncrement()), nic.linkState(), null)).toList();
            VmRef clone = new VmRef(name, CONNECTION, spec.name(), "uuid-" + name + "-" + spec.name());
            put(new Vm(clone, VmStates.SHUT_OFF, null, vm.vcpus(), vm.memoryKiB(), vm.maxMemoryKiB(), vm.os(), false,
                    true, disks, nics, vm.devices()));
            return "Cloned VM '" + vm.name() + "' as '" + spec.name() + "'";
        });
        tasks.add(task);
        return task;
    }

    private static String kib(long kib) {
        return bytes(kib * 1024);
    }

    private static String bytes(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return (bytes >> 10) + " KiB";
    }

    /** Sends what it was written back; a flooding one sends numbered lines whenever nothing else is waiting. */
    private final class EchoStream implements ConsoleStream {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> pending = new LinkedBlockingQueue<>();
        private final boolean flood;
        private final AtomicInteger closed = new AtomicInteger();
        private long line;

        EchoStream(String greeting, boolean flood) {
            this.flood = flood;
            pending.add(greeting.getBytes(StandardCharsets.UTF_8));
        }

        /** The chunk being read and how much of it was; only the host's reading thread touches them. */
        private byte[] current = new byte[0];
        private int at;

        @Override
        public int read(byte[] buffer) throws IOException {
            if (closed.get() != 0) {
                return -1;
            }
            if (at == current.length) {
                byte[] next;
                try {
                    next = flood ? pending.poll() : pending.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                if (next == null) {
                    StringBuilder lines = new StringBuilder();
                    for (int i = 0; i < 64; i++) {
                        lines.append("flooding line ").append(line++).append(" of the test console\r\n");
                    }
                    next = lines.toString().getBytes(StandardCharsets.UTF_8);
                }
                current = next;
                at = 0;
            }
            if (current == END) {
                return -1;
            }
            int length = Math.min(current.length - at, buffer.length);
            System.arraycopy(current, at, buffer, 0, length);
            at += length;
            consoleBytesRead.addAndGet(length);
            return length;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed.get() != 0) {
                throw new IOException("the console is closed");
            }
            pending.add(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
        }

        @Override
        public void close() {
            if (closed.compareAndSet(0, 1)) {
                openConsoleStreams.decrementAndGet();
                pending.add(END);
            }
        }
    }
}
