package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.testkit.TestProviderContext;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Thunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The provider as the host runs it, on the plugin test kit's {@link TestProviderContext} (a real
 * store with the host's {@code vms} branch, the host's lane onto it, options, a data folder, every
 * action recorded), with waits on the store's state stream and lookups by VM name.
 */
final class Harness implements AutoCloseable {
    static final long WAIT_SECONDS = 30;

    /** The provider's lane, as the host gives it. */
    final ProviderStore store;
    final VirtProvider provider;
    final Path dataDir;
    private final TestProviderContext context;

    private Harness(VirtProvider provider, Map<String, List<String>> options) {
        this.provider = provider;
        TestProviderContext.Builder builder = TestProviderContext.builder(provider.name()).pluginId("libvirt");
        options.forEach((name, values) -> builder.option(name, values.toArray(String[]::new)));
        this.context = builder.build();
        this.store = context.store();
        this.dataDir = context.dataDir();
    }

    /** A started provider whose VMs are loaded, as the host does it: init, then GET_ALL_VMS. */
    static Harness started(VirtProvider provider, Map<String, List<String>> options) {
        Harness harness = startedWithoutLoading(provider, options);
        harness.run(harness.provider.getAllVms());
        return harness;
    }

    /** A provider after init, before the host's first GET_ALL_VMS. */
    static Harness startedWithoutLoading(VirtProvider provider, Map<String, List<String>> options) {
        Harness harness = new Harness(provider, options);
        try {
            if (!harness.provider.init(harness.context).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("init returned false");
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            harness.close();
            throw new AssertionError("init failed: " + e, e);
        }
        return harness;
    }

    static Harness started(Map<String, List<String>> options) {
        return started(new LibvirtProvider(), options);
    }

    /** A provider on a test-driver fixture from the test resources. */
    static Harness onFixture(String resource, String... moreOptions) {
        return started(options(fixtureUri(resource), moreOptions));
    }

    static Map<String, List<String>> options(String uri, String... more) {
        Map<String, List<String>> options = new java.util.HashMap<>();
        options.put(ProviderOptions.URI, List.of(uri));
        for (int i = 0; i + 1 < more.length; i += 2) {
            options.put(more[i], List.of(more[i + 1]));
        }
        return options;
    }

    static String fixtureUri(String resource) {
        try {
            return "test://" + Path.of(Harness.class.getResource(resource).toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo fixture, written out as the provider does it (it may live inside a JAR). */
    static synchronized String demoUri() {
        if (demoUri == null) {
            try {
                Path dir = Files.createTempDirectory("hangar-test-demo");
                dir.toFile().deleteOnExit();
                demoUri = DemoFixture.install(dir);
                Path.of(demoUri.substring("test://".length())).toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return demoUri;
    }

    private static String demoUri;

    /** The provider as this module's own class (not one loaded from the plugin JAR). */
    LibvirtProvider libvirt() {
        return (LibvirtProvider) provider;
    }

    ProviderContext context() {
        return context;
    }

    VmsState vms() {
        return store.getState().get(VmsState.BRANCH, VmsState.class);
    }

    Vm vm(String name) {
        for (Vm vm : vms().vms().values()) {
            if (vm.name().equals(name)) {
                return vm;
            }
        }
        throw new AssertionError("no VM named '" + name + "' in the store; it has " + names());
    }

    VmRef ref(String name) {
        return vm(name).ref();
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Vm vm : vms().vms().values()) {
            names.add(vm.name());
        }
        Collections.sort(names);
        return names;
    }

    ConnectionStatus connection(String uri) {
        return vms().connection(LibvirtProvider.NAME, uri).orElse(null);
    }

    /** Dispatches the thunk on the provider's lane, as the host does, and waits for it. */
    <T> T run(Thunk<T> thunk) {
        return context.run(thunk);
    }

    /** The same, for a thunk that waits on a guest (an ACPI reboot under TCG on a loaded machine). */
    <T> T run(Thunk<T> thunk, long seconds) {
        try {
            return store.dispatch(thunk).toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("thunk did not finish in " + seconds + " s", e);
        }
    }

    /** The failure of a thunk that must fail. */
    Throwable failureOf(Thunk<?> thunk) {
        return context.failureOf(thunk);
    }

    /** Waits until the store's vms branch satisfies the condition, watching its state stream (no polling). */
    VmsState await(String what, Predicate<VmsState> condition) {
        return await(what, condition, WAIT_SECONDS);
    }

    VmsState await(String what, Predicate<VmsState> condition, long seconds) {
        VmsState found = store.states()
                .map(tree -> tree.get(VmsState.BRANCH, VmsState.class))
                .filter(condition::test)
                .firstElement()
                .timeout(seconds, TimeUnit.SECONDS)
                .onErrorComplete()
                .blockingGet();
        if (found == null) {
            fail("Timed out after " + seconds + " s waiting until " + what + "; VMs: " + names());
        }
        return found;
    }

    VmsState awaitState(String name, String state) {
        return await("VM '" + name + "' is " + state, s -> s.vms().values().stream()
                .anyMatch(vm -> vm.name().equals(name) && vm.state().equals(state)));
    }

    /** Waits for the state with its reason: the state shows from the event, the reason from the read after it. */
    VmsState awaitState(String name, String state, String reason) {
        return await("VM '" + name + "' is " + state + " (" + reason + ")", s -> s.vms().values().stream()
                .anyMatch(vm -> vm.name().equals(name) && vm.state().equals(state) && reason.equals(vm.stateReason())));
    }

    long count(Class<? extends VmAction> type) {
        return context.dispatched(type).size();
    }

    <A> List<A> all(Class<A> type) {
        return context.dispatched(type);
    }

    @Override
    public void close() {
        provider.close();
        context.close();
    }
}
