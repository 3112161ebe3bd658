package dev.hangar.example;

import com.vaadin.flow.component.Component;
import dev.hangar.example.engine.EngineEvent;
import dev.hangar.example.engine.EngineSettings;
import dev.hangar.example.engine.EngineVm;
import dev.hangar.example.engine.SerialConnection;
import dev.hangar.example.engine.SerialPortBusyException;
import dev.hangar.example.engine.SimulatedEngine;
import dev.hangar.example.history.History;
import dev.hangar.example.history.HistoryAction;
import dev.hangar.example.history.HistoryReducer;
import dev.hangar.example.history.Operation;
import dev.hangar.example.ui.OperationsTab;
import dev.hangar.example.ui.SnapshotAllButton;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderBranch;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleBusyException;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.capability.HostInformation;
import dev.hangar.plugins.capability.VmConfiguration;
import dev.hangar.plugins.capability.VmSnapshots;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.capability.VmCreation;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmOs;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Dispatcher;
import dev.hangar.store.Thunk;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * The example provider: the machines of a {@link SimulatedEngine}, with every extension point of the
 * API in use. Copy it, replace the engine with yours.
 */
// tag::extension[]
@Extension
public final class ExampleProvider implements VirtProvider, HostInformation, Consoles, VmCreation, VmConfiguration,
        VmSnapshots {
    public static final String NAME = "example";
    // end::extension[]
    /** The connection every machine of the engine lives on. */
    public static final String CONNECTION = "engine://example";
    /** The one console of every machine: its serial port. */
    public static final String SERIAL_CONSOLE = "serial0";
    /** How long a capability method waits for the engine: less than the host's plugin call timeout (10 s). */
    private static final long ENGINE_ANSWER_SECONDS = 5;
    /** Own states: the engine's "powering_up" and "migrating" have no built-in counterpart. */
    public static final String STARTING = "starting";
    public static final String MIGRATING = "migrating";
    private static final long GIB = 1L << 30;

    // tag::providerAction[]
    /**
     * The example's own action, beside the seed's verbs: operators may run it (the default role), it
     * loses nothing (so its confirmation is not a danger), and the engine snapshots only machines that
     * are up, down or paused.
     */
    public static final ProviderAction SNAPSHOT_ALL = ProviderAction.of("snapshot-all", "Snapshot all disks")
            .withProgress("Taking snapshots")
            .when(vm -> !vm.disks().isEmpty() && Set.of(VmStates.RUNNING, VmStates.SHUT_OFF, VmStates.PAUSED).contains(vm.state()));
    // end::providerAction[]

    private volatile ProviderContext context;
    private volatile SimulatedEngine engine;
    private volatile ExampleCreation creation;
    private volatile ExampleConfiguration configuration;
    private volatile ExampleSnapshots snapshots;

    @Override
    public String name() {
        return NAME;
    }

    // tag::init[]
    @Override
    public CompletionStage<Boolean> init(ProviderContext ctx) {
        EngineSettings settings;
        try {
            settings = settings(ctx);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);  // the Plugins page shows this message
        }
        this.context = ctx;
        SimulatedEngine connecting = new SimulatedEngine(settings);
        this.engine = connecting;
        this.creation = new ExampleCreation(connecting);
        this.configuration = new ExampleConfiguration(connecting);
        this.snapshots = new ExampleSnapshots(connecting);
        ctx.store().dispatch(ctx.actions().connectionChanged(status(ConnectionStatus.State.CONNECTING)));
        connecting.listen(this::onEvent);
        // Return at once: the handshake completes on the engine's thread.
        return connecting.connect().thenApply(connected -> {
            ctx.store().dispatch(ctx.actions().connectionChanged(status(ConnectionStatus.State.CONNECTED)));
            return true;
        });
    }
    // end::init[]

    @Override
    public Thunk<Void> getVm(String connection, String name) {
        return (dispatcher, state) -> engine().find(name).thenAccept(found -> {
            if (found.isPresent()) {
                dispatch(dispatcher, found.get());
            } else {
                VmsView.of(state.get()).find(NAME, connection, name)
                        .ifPresent(gone -> dispatcher.dispatch(context.actions().vmRemoved(gone.ref())));
            }
        });
    }

    // tag::getAllVms[]
    @Override
    public Thunk<Void> getAllVms() {
        return (dispatcher, state) -> engine().list().thenAccept(machines -> {
            List<Vm> vms = machines.stream().map(ExampleProvider::toVm).toList();
            dispatcher.dispatch(context.actions().replaceVms(NAME, CONNECTION, vms));
            machines.forEach(machine -> dispatcher.dispatch(snapshotsOf(machine)));
        });
    }
    // end::getAllVms[]

    // tag::thunk[]
    /** Every verb but delete, in one place: the verb methods of {@code VirtProvider} default to this. */
    @Override
    public Thunk<Void> verb(VmVerb verb, VmRef vm) {
        Function<SimulatedEngine, CompletionStage<?>> call = switch (verb) {
            case START -> engine -> engine.start(vm.id());
            case SHUTDOWN -> engine -> engine.shutdown(vm.id());
            case FORCE_OFF -> engine -> engine.powerOff(vm.id());
            case REBOOT -> engine -> engine.reboot(vm.id());
            case FORCE_REBOOT -> engine -> engine.reset(vm.id());
            case PAUSE -> engine -> engine.pause(vm.id());
            case RESUME -> engine -> engine.resume(vm.id());
            case SEND_NMI, DELETE -> null;  // the engine has no NMI (canSendNmi is false); delete has options
        };
        return call == null ? VirtProvider.super.verb(verb, vm) : request(vm, verb.label(), call);
    }
    // end::thunk[]

    @Override
    public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
        return request(vm, "Delete", engine -> engine.delete(vm.id(), options.destroy(), options.storageTargets()));
    }

    /** The thunk of {@link #SNAPSHOT_ALL}: a snapshot of every disk of the machine. */
    public Thunk<Void> snapshotAllDisks(VmRef vm) {
        return request(vm, "Snapshot", engine -> engine.snapshot(vm.id()));
    }

    // tag::states[]
    @Override
    public Map<String, VmStateInfo> vmStateMap() {
        return Map.of(
                STARTING, new VmStateInfo("Starting", "primary", "hourglass"),
                MIGRATING, new VmStateInfo("Migrating", "#7b3fbf", "exchange"));
    }

    /**
     * The engine refuses to shut down, reset or delete a machine while it migrates. The seed's
     * canShutdown and canReset also decide force off, reboot and force reboot, whose own predicates
     * (canForceOff, canReboot, canForceReboot) default to them; override those for a finer rule.
     */
    @Override
    public boolean canShutdown(String state) {
        return VmStates.RUNNING.equals(state);
    }

    @Override
    public boolean canReset(String state) {
        return VmStates.RUNNING.equals(state);
    }

    @Override
    public boolean canDelete(String state) {
        return !MIGRATING.equals(state) && !STARTING.equals(state);
    }

    /** The engine has no NMI. */
    @Override
    public boolean canSendNmi(String state) {
        return false;
    }

    @Override
    public boolean isRunning(String state) {
        return VmStates.RUNNING.equals(state) || MIGRATING.equals(state) || VmStates.PAUSED.equals(state);
    }

    @Override
    public boolean canPause(String state) {
        return VmStates.RUNNING.equals(state);
    }

    @Override
    public boolean canResume(String state) {
        return VmStates.PAUSED.equals(state);
    }
    // end::states[]

    // tag::branch[]
    @Override
    public Optional<ProviderBranch<?>> branch() {
        return Optional.of(new ProviderBranch<>(new HistoryReducer(), History.EMPTY));
    }
    // end::branch[]

    // tag::tabs[]
    @Override
    public List<VmTab> vmTabs() {
        return List.of(new VmTab("Operations", vm -> new OperationsTab(vm, context.components())));
    }
    // end::tabs[]

    // tag::columns[]
    @Override
    public List<DiskColumn> vmDiskColumns() {
        return List.of(new DiskColumn("Snapshots", 3, (ctx, target) -> {
            // Read the branch, never the engine: a cell renders on the UI thread.
            History history = ctx.getState().find(NAME, History.class).orElse(History.EMPTY);
            int count = history.snapshots(ctx.vm().ref().id(), target);
            return count == 0 ? "none" : String.valueOf(count);
        }));
    }
    // end::columns[]

    // tag::actions[]
    @Override
    public List<Component> vmDiskActions(VmContext vm) {
        return List.of(new SnapshotAllButton(vm, context.components(), SNAPSHOT_ALL, snapshotAllDisks(vm.vm().ref())),
                ExportTask.button(vm, context));
    }
    // end::actions[]

    // tag::hostInformation[]
    /** A capability: the engine's cluster, read from the engine (the host calls this on its own thread). */
    @Override
    public HostInfo hostInfo(String connection) throws Exception {
        return ExampleHostInformation.of(answer(engine().list()));
    }
    // end::hostInformation[]

    // tag::consoles[]
    /** A capability: each machine's serial port, which the engine offers while the machine is powered on. */
    @Override
    public List<Console> consoles(VmRef vm) throws Exception {
        EngineVm machine = answer(engine().machine(vm.id()));
        String unavailable = SimulatedEngine.DOWN.equals(machine.status()) ? "Start the VM to use its console" : null;
        return List.of(new Console(SERIAL_CONSOLE, ConsoleKind.SERIAL, "Serial console (ttyS0)", unavailable));
    }

    /** Connects to the engine's serial port; the host then reads and writes the stream on threads of its own. */
    @Override
    public ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) throws Exception {
        if (!SERIAL_CONSOLE.equals(consoleId)) {
            throw new IllegalArgumentException("VM '" + vm.name() + "' has no console '" + consoleId + "'");
        }
        SerialConnection serial;
        try {
            serial = answer(engine().connectSerial(vm.id(), takeOver));
        } catch (SerialPortBusyException busy) {
            throw new ConsoleBusyException(busy.getMessage());  // the host offers to take it over
        }
        return new ConsoleStream() {
            @Override
            public int read(byte[] buffer) throws IOException {
                return serial.fromGuest().read(buffer);  // blocks; -1 once the machine is off
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                serial.toGuest().write(bytes, offset, length);
            }

            @Override
            public void close() {
                serial.close();  // from any thread: ends a blocked read or write
            }
        };
    }
    // end::consoles[]

    /** A capability: new machines from the engine's templates ({@link ExampleCreation}). */
    @Override
    public CreationChoices choices(String connection) throws Exception {
        return creation().choices();
    }

    @Override
    public String nameProblem(String connection, String name) throws Exception {
        return creation().nameProblem(name);
    }

    @Override
    public void validate(VmSpec spec) throws Exception {
        creation().validate(spec);
    }

    @Override
    public TaskBody create(VmSpec spec) {
        return creation().create(spec);
    }

    /** A capability: memory and vCPUs of a machine ({@link ExampleConfiguration}). */
    @Override
    public VmSettings settings(VmRef vm) throws Exception {
        return configuration().settings(vm.id());
    }

    @Override
    public Thunk<Applied> change(VmRef vm, VmChange change) {
        return configuration().change(vm.id(), change);
    }

    /** A capability: the engine's named snapshots of a machine ({@link ExampleSnapshots}). */
    @Override
    public SnapshotList snapshots(VmRef vm) throws Exception {
        return initialized(snapshots).snapshots(vm.id());
    }

    @Override
    public Thunk<String> takeSnapshot(VmRef vm, SnapshotSpec spec) {
        return initialized(snapshots).take(vm.id(), spec);
    }

    @Override
    public Thunk<String> revertToSnapshot(VmRef vm, String snapshot) {
        return initialized(snapshots).revert(vm.id(), snapshot);
    }

    @Override
    public Thunk<String> deleteSnapshot(VmRef vm, String snapshot, boolean withChildren) {
        return initialized(snapshots).delete(vm.id(), snapshot, withChildren);
    }

    // tag::close[]
    @Override
    public void close() {
        SimulatedEngine open = engine;
        if (open != null) {
            open.close();  // stops its thread; the host drops our VMs and branch itself
        }
    }
    // end::close[]

    // tag::answer[]
    /** The engine's answer, for a capability method (a host thread that may block): its failure as thrown. */
    static <T> T answer(CompletableFuture<T> request) throws Exception {
        try {
            return request.get(ENGINE_ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            request.cancel(false);
            throw new TimeoutException("The engine did not answer within " + ENGINE_ANSWER_SECONDS + " s");
        }
    }
    // end::answer[]

    private SimulatedEngine engine() {
        return initialized(engine);
    }

    private ExampleCreation creation() {
        return initialized(creation);
    }

    private ExampleConfiguration configuration() {
        return initialized(configuration);
    }

    private static <T> T initialized(T part) {
        if (part == null) {
            throw new IllegalStateException("The example provider has not been initialized");
        }
        return part;
    }

    /**
     * A thunk over one engine request. A failure is recorded in the history and fails the stage with
     * the engine's words; the host shows them on the VM.
     */
    private Thunk<Void> request(VmRef vm, String what, Function<SimulatedEngine, CompletionStage<?>> call) {
        return (dispatcher, state) -> call.apply(engine()).whenComplete((done, error) -> {
            if (error != null) {
                dispatcher.dispatch(new HistoryAction.Recorded(
                        new Operation(vm.id(), what + " failed: " + message(error), true, System.currentTimeMillis())));
            }
        }).thenApply(done -> null);
    }

    /** Turns engine events into actions: the engine's thread dispatches them. */
    private void onEvent(EngineEvent event) {
        Dispatcher store = context.store();
        long now = System.currentTimeMillis();
        if (event instanceof EngineEvent.Changed changed) {
            dispatch(store, changed.vm());
            store.dispatch(new HistoryAction.Recorded(new Operation(changed.vm().id(), changed.what(), false, now)));
        } else if (event instanceof EngineEvent.Removed removed) {
            store.dispatch(context.actions().vmRemoved(toVm(removed.vm()).ref()));
            store.dispatch(new HistoryAction.Recorded(new Operation(removed.vm().id(), "Deleted", false, now)));
        } else if (event instanceof EngineEvent.Sampled sampled) {
            Map<VmRef, VmUsage> usage = new HashMap<>();
            for (EngineEvent.Usage sample : sampled.usage()) {
                usage.put(toVm(sample.vm()).ref(), new VmUsage(sample.cpuPercent(), sample.memoryUsedMiB() * 1024L, sampled.at()));
            }
            store.dispatch(context.actions().usageSampled(usage));
        }
    }

    private void dispatch(Dispatcher dispatcher, EngineVm machine) {
        dispatcher.dispatch(context.actions().updateOrAddVm(toVm(machine)));
        dispatcher.dispatch(snapshotsOf(machine));
    }

    private static HistoryAction snapshotsOf(EngineVm machine) {
        return new HistoryAction.SnapshotsCounted(machine.id(), machine.disks().stream()
                .collect(Collectors.toMap(EngineVm.EngineDisk::target, EngineVm.EngineDisk::snapshots)));
    }

    /** The engine's model in Hangar's: its statuses become states, its node the state's reason. */
    static Vm toVm(EngineVm machine) {
        List<VmDisk> disks = machine.disks().stream()
                .map(d -> new VmDisk(d.target(), "disk", "virtio", "volume", "engine/" + d.volume(), "qcow2",
                        d.capacityGiB() * GIB, null, false))
                .toList();
        VmNic nic = new VmNic("network", ExampleCreation.NETWORK, "virtio", mac(machine.id()), "up", null);
        long memoryKiB = machine.memoryMiB() * 1024L;
        return new Vm(new VmRef(NAME, CONNECTION, machine.name(), machine.id()), state(machine.status()),
                "on " + machine.node(), machine.cpus(), memoryKiB, memoryKiB,
                new VmOs("hvm", "x86_64", "q35", List.of("hd")), false, true, disks, List.of(nic));
    }

    static String state(String status) {
        switch (status) {
            case SimulatedEngine.UP:
                return VmStates.RUNNING;
            case SimulatedEngine.DOWN:
                return VmStates.SHUT_OFF;
            case SimulatedEngine.POWERING_UP:
                return STARTING;
            case SimulatedEngine.POWERING_DOWN:
                return VmStates.SHUTDOWN;
            case SimulatedEngine.MIGRATING:
                return MIGRATING;
            case SimulatedEngine.PAUSED:
                return VmStates.PAUSED;
            default:
                return VmStates.UNKNOWN;
        }
    }

    private static String mac(String id) {
        int n = Math.abs(id.hashCode());
        return String.format("52:54:00:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    }

    private static ConnectionStatus status(ConnectionStatus.State state) {
        return new ConnectionStatus(NAME, CONNECTION, "Example engine (simulated)", state, null, true,
                System.currentTimeMillis());
    }

    /** The engine's behaviour from the host's options ({@code --option example-machines=12}). */
    static EngineSettings settings(ProviderContext ctx) {
        EngineSettings d = EngineSettings.DEFAULT;
        return new EngineSettings(
                number(ctx, "example-machines", d.machines()),
                Duration.ofMillis(number(ctx, "example-transition-ms", (int) d.transition().toMillis())),
                Duration.ofSeconds(number(ctx, "example-migration-seconds", (int) d.migration().toSeconds())),
                Duration.ofSeconds(number(ctx, "example-migration-interval-seconds", (int) d.migrationInterval().toSeconds())));
    }

    static int number(ProviderContext ctx, String option, int fallback) {
        List<String> values = ctx.option(option);
        if (values.isEmpty()) {
            return fallback;
        }
        String value = values.get(values.size() - 1).strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + ": '" + value + "' is not a whole number");
        }
    }

    private static String message(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
