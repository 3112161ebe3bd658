package dev.hangar.host.plugins;

import dev.hangar.host.providers.PluginCalls;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.host.state.VmsState;
import dev.hangar.store.Store;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.Disposable;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The plugin service: what becomes of the plugins is the {@link PluginLifecycle}'s, the Plugins page's
 * rows are {@link PluginRows}'. This class runs every change of the plugin set on one thread of its
 * own, so a rescan and an unload never interleave and no UI thread waits on a plugin. Changes asked
 * for by people pass the {@link Gatekeeper} (administrators only, audited before any plugin code runs,
 * so the entry is there even when that code ends the process); loading at start-up does not. A plugin
 * that tries to end the process is refused ({@link ExitGuard}) and disabled; one during whose start
 * the process ended anyway is quarantined at the next start ({@link Quarantine}).
 */
public final class DefaultPluginService implements PluginService, AutoCloseable {
    private static final Logger LOG = System.getLogger(DefaultPluginService.class.getName());
    private static final Runnable NOT_AUDITED = () -> { };

    private final HangarPluginManager manager;
    private final ProviderRegistry registry;
    private final Gatekeeper gatekeeper;
    private final PluginLifecycle lifecycle;
    private final PluginRows rows;
    private final Runnable stopGuarding;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hangar-plugins");
        thread.setDaemon(true);
        return thread;
    });
    private final Disposable watching;
    private final Disposable reported;

    /**
     * @param dataDir the host's data folder, where the {@link Quarantine}'s markers live
     * @param exits   the process's exit guard; the service disables a plugin it catches
     */
    public DefaultPluginService(HangarPluginManager manager, ProviderRegistry registry, Store store, PluginCalls calls,
                                Supplier<Set<String>> disabledByConfiguration, Gatekeeper gatekeeper, Path dataDir,
                                ExitGuard exits) {
        this.manager = manager;
        this.registry = registry;
        this.gatekeeper = gatekeeper;
        this.lifecycle = new PluginLifecycle(manager, registry, calls, new Quarantine(dataDir, java.time.Clock.systemUTC()),
                disabledByConfiguration, this::forget);
        this.rows = new PluginRows(lifecycle, store);
        this.stopGuarding = exits.onRefused(attempt -> calls.later(() -> {
            lifecycle.exitRefused(attempt);
            rows.refresh();
        }));
        this.reported = registry.problems().subscribe(problem -> rows.record(problem.pluginId(), problem.text()));
        // Provider life (init done, failed) shows on the page without anyone asking.
        this.watching = Observable.merge(registry.changes().map(active -> Boolean.TRUE),
                        store.select(s -> s.get(VmsState.BRANCH, VmsState.class).providers()).map(p -> Boolean.TRUE))
                .subscribe(changed -> rows.refresh());
    }

    /** An unloaded plugin's code problems leave its row. */
    private void forget(String pluginId) {
        rows.forget(pluginId);
    }

    /** Loads every JAR of the plugins folder and starts the plugins; completes when every init is done. */
    public CompletionStage<Void> start() {
        return submit(() -> lifecycle.startAll(NOT_AUDITED));
    }

    @Override
    public List<PluginInfo> plugins() {
        return rows.refresh();
    }

    @Override
    public Observable<List<PluginInfo>> changes() {
        return rows.changes();
    }

    @Override
    public CompletionStage<RescanResult> rescan(Actor actor) {
        return administered(actor, "plugins:" + manager.getPluginsRoot(), "rescan",
                beforePluginCode -> lifecycle.rescan(beforePluginCode).thenApply(this::result));
    }

    /** Only what really started counts as loaded; the rest says why in its row. */
    private RescanResult result(PluginLifecycle.Rescanned rescanned) {
        List<PluginInfo> now = rows.refresh();
        List<String> active = new ArrayList<>();
        List<String> notStarted = new ArrayList<>();
        for (String id : rescanned.loaded()) {
            PluginInfo row = now.stream().filter(r -> id.equals(r.id())).findFirst().orElse(null);
            if (row == null || row.state() == PluginInfo.State.ACTIVE) {
                active.add(id);
            } else {
                notStarted.add(id + " (" + row.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        RescanResult result = new RescanResult(active, notStarted, rescanned.removed(), rescanned.failed());
        LOG.log(Level.INFO, "rescan of " + manager.getPluginsRoot() + ": " + result.summary());
        return result;
    }

    @Override
    public CompletionStage<Void> unload(Actor actor, String pluginId) {
        return administered(actor, "plugin:" + pluginId, "unload", beforePluginCode -> {
            lifecycle.unload(pluginId, beforePluginCode);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletionStage<Void> reload(Actor actor, String pluginId) {
        return administered(actor, "plugin:" + pluginId, "reload", beforePluginCode -> lifecycle.reload(pluginId, beforePluginCode));
    }

    @Override
    public void reportProblem(String providerName, String what, Throwable error) {
        registry.failedIn(providerName, what, error);
    }

    @Override
    public void close() {
        watching.dispose();
        reported.dispose();
        stopGuarding.run();
        worker.shutdownNow();
    }

    /**
     * A change {@code actor} asked for: checked on the caller's thread, then submitted. Its audit entry
     * is written before the first plugin code runs (the change calls the Runnable it gets first), so
     * that it is there even if that code ends the process; a change that fails before (an unknown id)
     * or runs no plugin code is audited with its outcome.
     */
    private <T> CompletionStage<T> administered(Actor actor, String target, String verb,
                                                Function<Runnable, CompletionStage<T>> change) {
        CompletableFuture<Void> audited = new CompletableFuture<>();
        CompletionStage<Void> allowed = gatekeeper.perform(actor, Permission.MANAGE_PLUGINS, target, verb, Map.of(), () -> audited);
        if (allowed.toCompletableFuture().isCompletedExceptionally()) {
            return allowed.thenApply(refused -> null);
        }
        // The gatekeeper writes its entry in complete(), on the thread about to run plugin code.
        return submit(() -> change.apply(() -> audited.complete(null))).whenComplete((result, error) -> {
            if (error == null) {
                audited.complete(null);
            } else {
                audited.completeExceptionally(error);
            }
        });
    }

    /** Runs a change of the plugin set on the service's thread; the page hears of it when it is done. */
    private <T> CompletionStage<T> submit(Supplier<CompletionStage<T>> change) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return change.get();
            } finally {
                rows.refresh();
            }
        }, worker).thenCompose(stage -> stage).whenComplete((result, error) -> rows.refresh());
    }
}
