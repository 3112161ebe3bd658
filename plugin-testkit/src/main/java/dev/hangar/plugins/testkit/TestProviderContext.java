package dev.hangar.plugins.testkit;

import dev.hangar.host.state.ProviderLane;
import dev.hangar.host.state.VmsReducer;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.ProviderBranch;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.store.Action;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.Middleware;
import dev.hangar.store.StateTree;
import dev.hangar.store.Thunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The host's side of a provider's contract, without a host, for a provider's unit tests: a real
 * store with the host's own {@code vms} branch, the host's lane onto it as {@link #store()} (so an
 * action the host would refuse fails here too), every action that passed recorded, options, a data
 * folder of its own, the exported components as {@link TestComponents}, and thunks run on the lane
 * as the host runs them.
 *
 * <pre>{@code
 * try (TestProviderContext context = TestProviderContext.builder("mine").option("my-url", "mem://a").build()) {
 *     context.activate(new MyProvider());           // branch, init, getAllVms: as the host does
 *     context.run(provider.startVm(context.vm("web").ref()));
 *     assertEquals(VmStates.RUNNING, context.vm("web").state());
 * }
 * }</pre>
 */
public final class TestProviderContext implements ProviderContext, AutoCloseable {
    /** How long a thunk or init may take before the test fails. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final DefaultStore store;
    /** Runs the thunks, as the host's executor does: the store runs none of its own. */
    private final ExecutorService thunks = Executors.newCachedThreadPool();
    private final ProviderLane lane;
    private final List<Action> dispatched = new CopyOnWriteArrayList<>();
    private final TestComponents components = new TestComponents();
    private final String pluginId;
    private final Map<String, List<String>> options;
    private final Path dataDir;
    private final boolean ownDataDir;

    private TestProviderContext(Builder builder) {
        this.pluginId = builder.pluginId;
        this.options = Map.copyOf(builder.options);
        this.store = DefaultStore.builder().middleware((action, s, next) -> {
            dispatched.add(action);
            next.accept(action);
        }).middleware(Middleware.thunks(thunks)).build();
        store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
        this.lane = new ProviderLane(builder.provider, store);
        try {
            this.ownDataDir = builder.dataDir == null;
            this.dataDir = ownDataDir ? Files.createTempDirectory("hangar-provider-test") : builder.dataDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the provider's data folder", e);
        }
    }

    /** A context for the provider of that name ({@link VirtProvider#name()}): its lane lets through only that provider's VMs. */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /** A context for that provider with no options, plugin id {@code test-plugin} and a fresh data folder. */
    public static TestProviderContext create(String provider) {
        return builder(provider).build();
    }

    /** The provider, options, plugin id and data folder of a context. */
    public static final class Builder {
        private final String provider;
        private String pluginId = "test-plugin";
        private final Map<String, List<String>> options = new LinkedHashMap<>();
        private Path dataDir;

        private Builder(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        public Builder pluginId(String id) {
            this.pluginId = id;
            return this;
        }

        /** Adds values of an option, in order, as the command line and the configuration file give them. */
        public Builder option(String name, String... values) {
            options.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.of(values));
            return this;
        }

        /** The provider's data folder; without it, a fresh temporary one that {@link #close()} deletes. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public TestProviderContext build() {
            return new TestProviderContext(this);
        }
    }

    /** The provider's lane, as the host gives it: reads everything, dispatches only the provider's own. */
    @Override
    public ProviderStore store() {
        return lane;
    }

    @Override
    public TestComponents components() {
        return components;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public List<String> option(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Activates the provider as the host does: adds its branch (under its name), calls {@code init} with
     * this context, which must answer true, and runs its {@code getAllVms}.
     */
    public void activate(VirtProvider provider) {
        if (!provider.name().equals(lane.provider())) {
            throw new IllegalArgumentException("this context is for provider '" + lane.provider() + "', not '"
                    + provider.name() + "'");
        }
        addBranch(provider);
        boolean ready;
        try {
            ready = provider.init(this).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + provider.name() + " started", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(provider.name() + ".init failed: " + (e.getCause() == null ? e : e.getCause()), e);
        }
        if (!ready) {
            throw new AssertionError(provider.name() + ".init answered false");
        }
        run(provider.getAllVms());
    }

    /** Adds the provider's own branch, if it has one, under its name: the first step of {@link #activate}. */
    public void addBranch(VirtProvider provider) {
        provider.branch().ifPresent(branch -> addBranch(provider.name(), branch));
    }

    private <S> void addBranch(String name, ProviderBranch<S> branch) {
        store.addReducer(name, branch.reducer(), branch.initialState());
    }

    /** The context the host gives a tab, disk column or disk action of {@code vm}, for an operator. */
    public TestVmContext vmContext(Vm vm) {
        return vmContext(vm, TestVmContext.User.OPERATOR);
    }

    /** The same for a user of that role. */
    public TestVmContext vmContext(Vm vm, TestVmContext.User user) {
        return new TestVmContext(vm, lane, user);
    }

    /**
     * Runs the thunk on the provider's lane, as the host runs its verbs, and returns its result; a failed thunk throws a
     * {@link CompletionException} with the thunk's failure as its cause (see {@link #failureOf}).
     */
    public <T> T run(Thunk<T> thunk) {
        try {
            return lane.dispatch(thunk).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while a thunk ran", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the thunk did not finish within " + WAIT.toSeconds() + " s", e);
        }
    }

    /** The failure of a thunk that must fail; an assertion error when it succeeds. */
    public Throwable failureOf(Thunk<?> thunk) {
        try {
            run(thunk);
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the thunk succeeded but should have failed");
    }

    /** Every action that reached the store so far (the lane's refusals do not), in order. */
    public List<Action> dispatched() {
        return List.copyOf(dispatched);
    }

    /** The dispatched actions of that type, in order. */
    public <A> List<A> dispatched(Class<A> type) {
        return dispatched.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The whole state, as the host's store holds it. */
    public StateTree state() {
        return store.getState();
    }

    /** The VMs the provider reported, by name. */
    public List<Vm> vms() {
        return VmsView.of(store.getState()).vms().values().stream().sorted(Comparator.comparing(Vm::name)).toList();
    }

    /** The VM of that name; an assertion error naming the VMs there are when there is none. */
    public Vm vm(String name) {
        return vms().stream().filter(vm -> vm.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "no VM named '" + name + "'; the provider reported " + vms().stream().map(Vm::name).toList()));
    }

    /** The status the provider last reported for one of its connections; an assertion error when none. */
    public ConnectionStatus connection(String connection) {
        return VmsView.of(store.getState()).connection(lane.provider(), connection).orElseThrow(() -> new AssertionError(
                "provider '" + lane.provider() + "' reported no status for connection '" + connection + "'"));
    }

    /** Closes the lane and the store (its thunk threads) and deletes the data folder it made. */
    @Override
    public void close() {
        lane.close();
        store.close();
        thunks.shutdownNow();
        if (ownDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dataDir, e);
            }
        }
    }
}
