package dev.hangar.host.plugins;

import java.util.HashMap;
import java.util.Map;

/**
 * The source of a small provider for test plugins: {@code count} VMs, shut off, on one connection,
 * with a branch. Each part of its behaviour can be replaced by a Java body, to make it misbehave.
 */
public final class TestProvider {
    private static final String TEMPLATE = """
            package %PKG%;

            import dev.hangar.plugins.*;
            import dev.hangar.plugins.ui.*;
            import dev.hangar.plugins.vm.*;
            import dev.hangar.store.*;
            import java.util.*;
            import java.util.concurrent.*;

            @org.pf4j.Extension
            public class P implements VirtProvider {
                private volatile ProviderContext ctx;

                public P() { %ctor% }

                public String name() { return "%NAME%"; }

                public CompletionStage<Boolean> init(ProviderContext context) { this.ctx = context; %init% }

                private Vm vm(String name, String state) {
                    return new Vm(new VmRef("%NAME%", "test://%NAME%", name, name + "-id"), state, null, 1, 1024, 1024,
                            null, false, true, List.of(new VmDisk("vda", "disk", "virtio", "file", "/images/" + name,
                            "qcow2", 1L << 30, null, false)), List.of());
                }

                private Thunk<Void> set(VmRef ref, String state) {
                    return (d, s) -> {
                        d.dispatch(ctx.actions().updateOrAddVm(vm(ref.name(), state)));
                        return CompletableFuture.completedFuture(null);
                    };
                }

                public Thunk<Void> getAllVms() {
                    return (d, s) -> {
                        List<Vm> vms = new ArrayList<>();
                        for (int i = 1; i <= %vms%; i++) {
                            vms.add(vm("%NAME%-" + i, VmStates.SHUT_OFF));
                        }
                        d.dispatch(ctx.actions().replaceVms("%NAME%", "test://%NAME%", vms));
                        return CompletableFuture.completedFuture(null);
                    };
                }

                public Thunk<Void> getVm(String connection, String name) { return getAllVms(); }
                public Thunk<Void> verb(VmVerb verb, VmRef ref) {
                    return set(ref, verb == VmVerb.SHUTDOWN ? VmStates.SHUT_OFF : VmStates.RUNNING);
                }
                public Thunk<Void> startVm(VmRef ref) { %start% }
                public Thunk<Void> forceOffVm(VmRef ref) { %forceOff% }
                public Thunk<Void> rebootVm(VmRef ref) { %reboot% }
                public Thunk<Void> deleteVm(VmRef ref, DeleteOptions options) {
                    return (d, s) -> {
                        d.dispatch(ctx.actions().vmRemoved(ref));
                        return CompletableFuture.completedFuture(null);
                    };
                }
                public Optional<ProviderBranch<?>> branch() {
                    return Optional.of(new ProviderBranch<String>((state, action) -> { %reducer% }, "branch of %NAME%"));
                }
                public List<VmTab> vmTabs() { %tabs% }
                public List<DiskColumn> vmDiskColumns() { %columns% }
                public void close() { System.setProperty("hangar.test.closed.%NAME%", "true"); %close% }
            }
            """;

    /** A close() body that never returns, deaf to interrupts. */
    static final String CLOSE_BLOCKS_FOR_GOOD = """
            java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
            while (true) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // stays
                }
            }""";

    private final String name;
    private final Map<String, String> parts = new HashMap<>(Map.of(
            "ctor", "",
            "init", "return CompletableFuture.completedFuture(true);",
            "start", "return set(ref, VmStates.RUNNING);",
            "forceOff", "return set(ref, VmStates.SHUT_OFF);",
            "reboot", "return set(ref, VmStates.RUNNING);",
            "tabs", "return List.of();",
            "columns", "return List.of();",
            "reducer", "return state;",
            "close", "",
            "vms", "2"));

    private TestProvider(String name) {
        this.name = name;
    }

    /** A well-behaved provider of that name (also the package of its class, {@code t.NAME.P}). */
    public static TestProvider named(String name) {
        return new TestProvider(name);
    }

    /**
     * Replaces one part: ctor, init, start, forceOff, reboot, tabs, columns, reducer (of its String
     * branch, over {@code state} and {@code action}), close (run after it records that it was
     * closed) — Java bodies — or vms (a count).
     */
    public TestProvider with(String part, String body) {
        if (!parts.containsKey(part)) {
            throw new IllegalArgumentException("no part " + part);
        }
        parts.put(part, body);
        return this;
    }

    String className() {
        return "t." + name + ".P";
    }

    String source() {
        String code = TEMPLATE.replace("%PKG%", "t." + name).replace("%NAME%", name);
        for (Map.Entry<String, String> part : parts.entrySet()) {
            code = code.replace("%" + part.getKey() + "%", part.getValue());
        }
        return code;
    }

    /** A plugin JAR with this provider as its only extension. */
    public PluginJar jar(String pluginId) {
        return PluginJar.plugin(pluginId).source(className(), source());
    }
}
