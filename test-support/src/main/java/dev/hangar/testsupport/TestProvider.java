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
import dev.hangar.plugins.state.ConnectionStatus;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A provider for testing the UI's contract: VMs in memory whose lifecycle verbs change their state at
 * once, a state of its own ("migrating", which allows nothing), pause/resume, failures, warnings and
 * slow actions on demand, and contributions (tabs, disk columns, disk actions) set by each test.
 * Its running VMs have two consoles ({@link Consoles}): {@link #SERIAL} and {@link #VNC}, both echoing
 * what is written to them, with a flooding and a busy mode on demand.
 */
public class TestProvider implements VirtProvider, Consoles {
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

    public TestProvider(String name) {
        this.name = name;
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
                put(vm.withState(newState, null));
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
