package dev.hangar.example.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * A remote virtualization engine, simulated in memory: what a real provider would reach over the
 * network (think oVirt's REST API). Every request answers asynchronously after a little latency, and
 * lifecycle changes take time (a machine is "powering_up" for a while before it is "up"), with an
 * event for every change. Its balancer live-migrates running machines now and then. A machine that is
 * powered on has a serial port ({@link #connectSerial}), with a scripted shell behind it. New machines
 * are made from its {@link #templates()}: volumes first ({@link #createVolume}, {@link #copyTemplateDisk},
 * which takes a while and reports how far it is), then the machine ({@link #define}); a machine's CPUs
 * and memory are changed in its definition ({@link #configure}), which a running machine gets once it
 * is down.
 *
 * <p>All state lives on one scheduler thread, which the engine owns and {@link #close()} stops, so
 * the machines need no locks.
 */
public final class SimulatedEngine implements AutoCloseable {
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String POWERING_UP = "powering_up";
    public static final String POWERING_DOWN = "powering_down";
    public static final String MIGRATING = "migrating";
    public static final String PAUSED = "paused";

    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");
    private static final String[] NAMES = {"web-1", "web-2", "web-3", "db-1", "db-2", "cache-1", "build-1",
        "build-2", "mail-1", "vpn-1", "backup-1", "monitor-1"};
    private static final String[] STATUSES = {UP, UP, DOWN, UP, UP, UP, DOWN, DOWN, UP, PAUSED, DOWN, UP};
    private static final long LATENCY_MS = 20;
    private static final List<EngineTemplate> TEMPLATES = List.of(
            new EngineTemplate("tiny", "Tiny: 1 vCPU, 512 MiB, a 5 GiB disk", 1, 512, List.of(5)),
            new EngineTemplate("web", "Web server: 2 vCPUs, 2 GiB, a 20 GiB disk", 2, 2048, List.of(20)),
            new EngineTemplate("database", "Database: 4 vCPUs, 8 GiB, disks of 20 and 100 GiB", 4, 8192, List.of(20, 100)));
    /** A template disk is copied in this many chunks, each a fifth of a transition: two transitions in all. */
    public static final int COPY_CHUNKS = 10;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);

    private final EngineSettings settings;
    private final ScheduledExecutorService scheduler;
    /** By id, in creation order; touched only on the scheduler thread. */
    private final Map<String, EngineVm> vms = new LinkedHashMap<>();
    private final Map<String, Double> cpu = new HashMap<>();
    /** Every volume, its machines' and free ones (kept by a delete, or made for a machine to be). */
    private final Set<String> volumes = new LinkedHashSet<>();
    /** Named snapshots by machine id, oldest first; touched only on the scheduler thread. */
    private final Map<String, List<EngineSnapshot>> named = new HashMap<>();
    private int lastId;
    /** When each powered-on machine booted ({@link System#nanoTime}), for its shell's uptime. */
    private final Map<String, Long> bootedAt = new HashMap<>();
    /** The connection to each machine's serial port; concurrent only because {@link #close} ends them from the caller's thread. */
    private final Map<String, SerialConnection> serial = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Random random = new Random(7);
    private volatile Consumer<EngineEvent> listener = event -> { };

    public SimulatedEngine(EngineSettings settings) {
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "example-engine");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < settings.machines(); i++) {
            String name = i < NAMES.length ? NAMES[i] : "vm-" + (i + 1);
            String status = i < STATUSES.length ? STATUSES[i] : (i % 3 == 0 ? DOWN : UP);
            String id = String.format("ex-%04d", i + 1);
            List<EngineVm.EngineDisk> disks = new ArrayList<>();
            for (int d = 0; d <= i % 3; d++) {
                String target = "vd" + (char) ('a' + d);
                disks.add(new EngineVm.EngineDisk(target, "vol-" + id + "-" + target, 10 * (d + 1) + i, 0));
            }
            vms.put(id, new EngineVm(id, name, status, NODES.get(i % NODES.size()), 1 + i % 4, 512 << (i % 4), disks));
            disks.forEach(disk -> volumes.add(disk.volume()));
            lastId = i + 1;
            if (!status.equals(DOWN)) {
                bootedAt.put(id, System.nanoTime());
            }
        }
    }

    /** Where the engine sends its events; they arrive on the engine's thread. */
    public void listen(Consumer<EngineEvent> newListener) {
        this.listener = newListener;
    }

    /**
     * Connects: completes after the handshake, then the engine samples utilization, runs its balancer,
     * and finishes the migration of {@code db-2} that was under way.
     */
    public CompletableFuture<Void> connect() {
        return after(Duration.ofMillis(300), () -> {
            scheduler.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            if (!settings.migrationInterval().isZero()) {
                long every = settings.migrationInterval().toMillis();
                scheduler.scheduleAtFixedRate(this::balance, every, every, TimeUnit.MILLISECONDS);
            }
            vms.values().stream().filter(vm -> vm.name().equals("db-2") && vm.status().equals(UP))
                    .findFirst().ifPresent(vm -> migrateNow(vm.id()));
            return null;
        });
    }

    public CompletableFuture<List<EngineVm>> list() {
        return request(() -> List.copyOf(vms.values()));
    }

    public CompletableFuture<Optional<EngineVm>> find(String name) {
        return request(() -> vms.values().stream().filter(vm -> vm.name().equals(name)).findFirst());
    }

    /** One machine, by the engine's id. */
    public CompletableFuture<EngineVm> machine(String id) {
        return request(() -> require(id));
    }

    /**
     * Connects to the serial port of a machine that is powered on (every status but down). One client
     * at a time: while another connection is open this fails with a {@link SerialPortBusyException},
     * unless {@code takeOver}, which ends that connection. The connection ends when the machine goes down.
     */
    public CompletableFuture<SerialConnection> connectSerial(String id, boolean takeOver) {
        return request(() -> {
            EngineVm vm = require(id);
            if (vm.status().equals(DOWN)) {
                throw new EngineException("Machine '" + vm.name() + "' is down; start it to use its serial console");
            }
            SerialConnection held = serial.get(id);
            if (held != null && held.isOpen()) {
                if (!takeOver) {
                    throw new SerialPortBusyException("The serial console of '" + vm.name() + "' is in use by another client");
                }
                held.end();
            }
            SerialConnection connection = new SerialConnection(vm.name(), bootedAt.get(id));
            serial.put(id, connection);
            return connection;
        });
    }

    public CompletableFuture<EngineVm> start(String id) {
        return transition(id, Set.of(DOWN), "start", POWERING_UP, "Powering up", settings.transition());
    }

    public CompletableFuture<EngineVm> shutdown(String id) {
        return transition(id, Set.of(UP), "shut down", POWERING_DOWN, "Shutting down", settings.transition());
    }

    public CompletableFuture<EngineVm> reboot(String id) {
        return transition(id, Set.of(UP), "reboot", POWERING_UP, "Rebooting", settings.transition());
    }

    public CompletableFuture<EngineVm> powerOff(String id) {
        return request(() -> {
            EngineVm vm = require(id);
            refuseUnless(vm, Set.of(UP, PAUSED, POWERING_UP, POWERING_DOWN), "power off");
            return change(vm.with(DOWN, vm.node()), "Powered off");
        });
    }

    public CompletableFuture<EngineVm> reset(String id) {
        return request(() -> change(refuseUnless(require(id), Set.of(UP), "reset"), "Reset"));
    }

    public CompletableFuture<EngineVm> pause(String id) {
        return request(() -> {
            EngineVm vm = refuseUnless(require(id), Set.of(UP), "pause");
            return change(vm.with(PAUSED, vm.node()), "Paused");
        });
    }

    public CompletableFuture<EngineVm> resume(String id) {
        return request(() -> {
            EngineVm vm = refuseUnless(require(id), Set.of(PAUSED), "resume");
            return change(vm.with(UP, vm.node()), "Resumed on " + vm.node());
        });
    }

    /**
     * Deletes a machine, powering it off first when asked, and the volumes of exactly the given disk
     * targets; the others are kept.
     */
    public CompletableFuture<Void> delete(String id, boolean powerOffFirst, List<String> volumeTargets) {
        return request(() -> {
            EngineVm vm = require(id);
            for (String target : volumeTargets) {
                if (vm.disks().stream().noneMatch(d -> d.target().equals(target))) {
                    throw new EngineException("Machine '" + vm.name() + "' has no disk '" + target + "'");
                }
            }
            if (!vm.status().equals(DOWN) && !powerOffFirst) {
                throw new EngineException("Machine '" + vm.name() + "' is " + words(vm.status()) + "; power it off first");
            }
            refuseUnless(vm, Set.of(DOWN, UP, PAUSED), "delete");
            vms.remove(id);
            named.remove(id);
            vm.disks().stream().filter(d -> volumeTargets.contains(d.target())).forEach(d -> volumes.remove(d.volume()));
            cpu.remove(id);
            poweredOff(id);
            listener.accept(new EngineEvent.Removed(vm));
            return null;
        });
    }

    /** The templates new machines can be made from. */
    public CompletableFuture<List<EngineTemplate>> templates() {
        return request(() -> TEMPLATES);
    }

    /** The names of all volumes: the machines' and free ones. */
    public CompletableFuture<Set<String>> volumes() {
        return request(() -> Set.copyOf(volumes));
    }

    /** Makes an empty volume; fails when one of that name exists. */
    public CompletableFuture<Void> createVolume(String volume) {
        return request(() -> {
            if (!volumes.add(volume)) {
                throw new EngineException("A volume named '" + volume + "' exists");
            }
            return null;
        });
    }

    /** Deletes a volume no machine uses. */
    public CompletableFuture<Void> deleteVolume(String volume) {
        return request(() -> {
            if (!volumes.contains(volume)) {
                throw new EngineException("The engine has no volume '" + volume + "'");
            }
            vms.values().stream().filter(vm -> vm.disks().stream().anyMatch(d -> d.volume().equals(volume)))
                    .findFirst().ifPresent(vm -> {
                        throw new EngineException("Volume '" + volume + "' is a disk of machine '" + vm.name() + "'");
                    });
            volumes.remove(volume);
            return null;
        });
    }

    /**
     * Copies disk {@code disk} (0 for the first) of a template into an existing volume, in
     * {@value #COPY_CHUNKS} chunks, telling {@code progress} the fraction done after each (on the
     * engine's thread). Cancelling the returned future stops the copy at the next chunk; the volume
     * stays as far as it got (delete it with {@link #deleteVolume}).
     */
    public CompletableFuture<Void> copyTemplateDisk(String templateId, int disk, String volume, DoubleConsumer progress) {
        CompletableFuture<Void> copy = new CompletableFuture<>();
        pending.add(copy);
        copy.whenComplete((done, error) -> pending.remove(copy));
        request(() -> {
            if (disk < 0 || disk >= template(templateId).diskGiB().size()) {
                throw new EngineException("Template '" + templateId + "' has no disk " + disk);
            }
            if (!volumes.contains(volume)) {
                throw new EngineException("The engine has no volume '" + volume + "'");
            }
            return null;
        }).whenComplete((checked, error) -> {
            if (error != null) {
                copy.completeExceptionally(error);
            } else {
                copyChunk(copy, 1, progress);
            }
        });
        return copy;
    }

    private void copyChunk(CompletableFuture<Void> copy, int chunk, DoubleConsumer progress) {
        after(settings.transition().dividedBy(5), () -> {
            if (copy.isDone()) {
                return null;  // cancelled
            }
            progress.accept((double) chunk / COPY_CHUNKS);
            if (chunk == COPY_CHUNKS) {
                copy.complete(null);
            } else {
                copyChunk(copy, chunk + 1, progress);
            }
            return null;
        }).exceptionally(error -> {
            copy.completeExceptionally(error);  // the engine was closed
            return null;
        });
    }

    /**
     * Defines a new machine, down, on these volumes (which must exist and belong to no machine);
     * fails when a machine of that name exists.
     */
    public CompletableFuture<EngineVm> define(String name, int cpus, int memoryMiB, List<EngineVm.EngineDisk> disks) {
        return request(() -> {
            if (vms.values().stream().anyMatch(vm -> vm.name().equals(name))) {
                throw new EngineException("A machine named '" + name + "' exists");
            }
            for (EngineVm.EngineDisk disk : disks) {
                if (!volumes.contains(disk.volume())) {
                    throw new EngineException("The engine has no volume '" + disk.volume() + "'");
                }
                vms.values().stream().filter(vm -> vm.disks().stream().anyMatch(d -> d.volume().equals(disk.volume())))
                        .findFirst().ifPresent(vm -> {
                            throw new EngineException("Volume '" + disk.volume() + "' is a disk of machine '" + vm.name() + "'");
                        });
            }
            lastId++;
            return change(new EngineVm(String.format("ex-%04d", lastId), name, DOWN, NODES.get(0), cpus, memoryMiB, disks),
                    "Created");
        });
    }

    /**
     * Sets a machine's CPUs and memory in its definition: at once when it is down, at its next boot
     * (once it is down) when it runs or is paused. Refused while it changes state or migrates.
     */
    public CompletableFuture<EngineVm> configure(String id, int cpus, int memoryMiB) {
        return request(() -> {
            EngineVm vm = refuseUnless(require(id), Set.of(UP, DOWN, PAUSED), "reconfigure");
            String what = cpus + " CPUs, " + memoryMiB + " MiB";
            return change(vm.withNext(cpus, memoryMiB), vm.status().equals(DOWN) ? "Set to " + what : "At next boot: " + what);
        });
    }

    /** Snapshots every disk of a machine; takes half a transition. */
    public CompletableFuture<EngineVm> snapshot(String id) {
        return request(() -> refuseUnless(require(id), Set.of(UP, DOWN, PAUSED), "snapshot"))
                .thenCompose(vm -> after(settings.transition().dividedBy(2), () -> {
                    EngineVm now = require(id);
                    List<EngineVm.EngineDisk> disks = now.disks().stream()
                            .map(d -> new EngineVm.EngineDisk(d.target(), d.volume(), d.capacityGiB(), d.snapshots() + 1))
                            .toList();
                    return change(now.withDisks(disks), "Snapshot of " + String.join(", ", disks.stream().map(EngineVm.EngineDisk::target).toList()));
                }));
    }

    /** A machine's named snapshots, oldest first. */
    public CompletableFuture<List<EngineSnapshot>> snapshots(String id) {
        return request(() -> {
            require(id);
            return List.copyOf(named.getOrDefault(id, List.of()));
        });
    }

    /**
     * Takes a named snapshot: every disk's, as {@link #snapshot}, with the machine's status and
     * definition, which {@link #revertSnapshot} restores. Refused for a name the machine has.
     */
    public CompletableFuture<EngineVm> takeSnapshot(String id, String name, String description) {
        return request(() -> {
            EngineVm vm = refuseUnless(require(id), Set.of(UP, DOWN, PAUSED), "snapshot");
            List<EngineSnapshot> list = named.getOrDefault(id, List.of());
            if (list.stream().anyMatch(s -> s.name().equals(name))) {
                throw new EngineException("Machine '" + vm.name() + "' has a snapshot named '" + name + "'");
            }
            return vm;
        }).thenCompose(vm -> snapshot(id)).thenApply(vm -> {
            List<EngineSnapshot> list = new ArrayList<>(named.getOrDefault(id, List.of()));
            String parent = list.stream().filter(EngineSnapshot::current).map(EngineSnapshot::name).findFirst().orElse(null);
            list.replaceAll(s -> s.withCurrent(false));
            list.add(new EngineSnapshot(name, description, System.currentTimeMillis(), vm.status(), vm.nextCpus(),
                    vm.nextMemoryMiB(), parent, true));
            named.put(id, List.copyOf(list));
            return vm;
        });
    }

    /** Puts a machine back to a snapshot: its status (up, down or paused) and definition as they were then. */
    public CompletableFuture<EngineVm> revertSnapshot(String id, String name) {
        return request(() -> {
            EngineVm vm = refuseUnless(require(id), Set.of(UP, DOWN, PAUSED), "revert");
            EngineSnapshot to = namedSnapshot(id, name);
            List<EngineSnapshot> list = new ArrayList<>(named.get(id));
            list.replaceAll(s -> s.withCurrent(s.name().equals(name)));
            named.put(id, List.copyOf(list));
            return change(vm.withNext(to.cpus(), to.memoryMiB()).with(to.status(), vm.node()).nextApplied(),
                    "Reverted to snapshot " + name);
        });
    }

    /** Deletes a snapshot; its children move to its parent, or go with it when {@code withChildren}. */
    public CompletableFuture<Void> deleteSnapshot(String id, String name, boolean withChildren) {
        return request(() -> {
            EngineSnapshot gone = namedSnapshot(id, name);
            List<EngineSnapshot> list = new ArrayList<>(named.get(id));
            Set<String> removed = new LinkedHashSet<>(List.of(name));
            boolean grew = withChildren;
            while (grew) {
                grew = list.stream().filter(s -> s.parent() != null && removed.contains(s.parent()))
                        .map(EngineSnapshot::name).map(removed::add).reduce(false, Boolean::logicalOr);
            }
            list.removeIf(s -> removed.contains(s.name()));
            list.replaceAll(s -> name.equals(s.parent()) ? s.withParent(gone.parent()) : s);
            named.put(id, List.copyOf(list));
            return null;
        });
    }

    private EngineSnapshot namedSnapshot(String id, String name) {
        EngineVm vm = require(id);
        return named.getOrDefault(id, List.of()).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new EngineException("Machine '" + vm.name() + "' has no snapshot named '" + name + "'"));
    }

    /** Live-migrates a running machine to another node. */
    public CompletableFuture<EngineVm> migrate(String id) {
        return request(() -> refuseUnless(require(id), Set.of(UP), "migrate")).thenCompose(vm -> migrateNow(id));
    }

    /** Stops the engine's thread; requests still waiting fail, serial connections end. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        serial.values().forEach(SerialConnection::end);
        for (CompletableFuture<?> future : pending) {
            future.completeExceptionally(new EngineException("The connection to the engine was closed"));
        }
    }

    private CompletableFuture<EngineVm> transition(String id, Set<String> from, String verb, String during,
                                                   String duringWords, Duration takes) {
        return request(() -> {
            EngineVm vm = refuseUnless(require(id), from, verb);
            return change(vm.with(during, vm.node()), duringWords);
        }).thenCompose(vm -> after(takes, () -> {
            EngineVm now = require(id);
            if (!now.status().equals(during)) {
                throw new EngineException("Machine '" + now.name() + "' did not " + verb + ": it is " + words(now.status()) + " now");
            }
            String done = during.equals(POWERING_DOWN) ? DOWN : UP;
            return change(now.with(done, now.node()), done.equals(UP) ? "Up on " + now.node() : "Down");
        }));
    }

    private CompletableFuture<EngineVm> migrateNow(String id) {
        EngineVm vm = vms.get(id);
        String target = NODES.get((NODES.indexOf(vm.node()) + 1) % NODES.size());
        change(vm.with(MIGRATING, vm.node()), "Migrating " + vm.node() + " → " + target);
        return after(settings.migration(), () -> {
            EngineVm now = require(id);
            if (!now.status().equals(MIGRATING)) {
                throw new EngineException("Migration of '" + now.name() + "' was cancelled: it is " + words(now.status()));
            }
            return change(now.with(UP, target), "Migrated to " + target);
        });
    }

    private void balance() {
        List<EngineVm> up = vms.values().stream().filter(vm -> vm.status().equals(UP)).toList();
        if (!up.isEmpty()) {
            migrateNow(up.get(random.nextInt(up.size())).id());
        }
    }

    private void sample() {
        List<EngineEvent.Usage> usage = new ArrayList<>();
        for (EngineVm vm : vms.values()) {
            if (vm.status().equals(UP) || vm.status().equals(MIGRATING)) {
                double last = cpu.getOrDefault(vm.id(), 5 + random.nextDouble() * 30);
                double next = Math.max(0.5, Math.min(99, last + random.nextGaussian() * 6));
                cpu.put(vm.id(), next);
                usage.add(new EngineEvent.Usage(vm, next, (int) (vm.memoryMiB() * (0.35 + next / 200))));
            }
        }
        listener.accept(new EngineEvent.Sampled(usage, System.currentTimeMillis()));
    }

    private EngineVm change(EngineVm changed, String what) {
        boolean on = !changed.status().equals(DOWN);
        // A machine that is down has what its definition says: the next boot starts with it.
        EngineVm vm = on ? changed : changed.nextApplied();
        EngineVm before = vms.put(vm.id(), vm);
        boolean wasOn = before != null && !before.status().equals(DOWN);
        if (on && !wasOn) {
            bootedAt.put(vm.id(), System.nanoTime());
        } else if (wasOn && !on) {
            poweredOff(vm.id());
        }
        listener.accept(new EngineEvent.Changed(vm, what));
        return vm;
    }

    /** The machine is off or gone: so is its serial port, and whoever was connected sees the end. */
    private void poweredOff(String id) {
        bootedAt.remove(id);
        SerialConnection connection = serial.remove(id);
        if (connection != null) {
            connection.end();
        }
    }

    private static EngineTemplate template(String id) {
        return TEMPLATES.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new EngineException("The engine has no template '" + id + "'"));
    }

    private EngineVm require(String id) {
        EngineVm vm = vms.get(id);
        if (vm == null) {
            throw new EngineException("The engine has no machine with id " + id);
        }
        return vm;
    }

    private static EngineVm refuseUnless(EngineVm vm, Set<String> allowed, String verb) {
        if (!allowed.contains(vm.status())) {
            throw new EngineException("Cannot " + verb + " machine '" + vm.name() + "' while it is " + words(vm.status()));
        }
        return vm;
    }

    private static String words(String status) {
        return status.replace('_', ' ');
    }

    private <T> CompletableFuture<T> request(Callable<T> work) {
        return after(Duration.ofMillis(LATENCY_MS), work);
    }

    /** Runs work on the engine's thread after a delay; its result or failure completes the future. */
    private <T> CompletableFuture<T> after(Duration delay, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((value, error) -> pending.remove(result));
        try {
            scheduler.schedule(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception | LinkageError e) {
                    result.completeExceptionally(e);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new EngineException("The connection to the engine is closed"));
        }
        return result;
    }
}
