package dev.hangar.host.plugins;

import dev.hangar.host.state.ProviderStatus;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.ApiVersion;
import dev.hangar.store.Store;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The Plugins page's rows: one {@link PluginInfo} per plugin, in words for an operator, made from what
 * the {@link PluginLifecycle} knows, the providers' state in the store, and the recent problems of the
 * plugins' code; published whenever they change.
 */
final class PluginRows {
    private static final int PROBLEMS_KEPT = 5;

    private final PluginLifecycle lifecycle;
    private final Store store;
    private final Map<String, Deque<String>> problems = new ConcurrentHashMap<>();
    private final BehaviorSubject<List<PluginInfo>> changes = BehaviorSubject.createDefault(List.of());

    PluginRows(PluginLifecycle lifecycle, Store store) {
        this.lifecycle = lifecycle;
        this.store = store;
    }

    /** The rows now and after every change. */
    Observable<List<PluginInfo>> changes() {
        return changes.hide();
    }

    /** Keeps a problem of a plugin's code for its row (the registry logged it, with its stack trace). */
    void record(String pluginId, String problem) {
        if (pluginId == null) {
            return;
        }
        Deque<String> recent = problems.computeIfAbsent(pluginId, id -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(problem);
            while (recent.size() > PROBLEMS_KEPT) {
                recent.removeFirst();
            }
        }
        refresh();
    }

    /** The plugin was unloaded: its code's problems go with it. */
    void forget(String pluginId) {
        problems.remove(pluginId);
    }

    /** Computes the rows and publishes them when they changed. */
    synchronized List<PluginInfo> refresh() {
        VmsState vms = store.getState().get(VmsState.BRANCH, VmsState.class);
        List<PluginInfo> rows = new ArrayList<>();
        for (PluginWrapper plugin : lifecycle.loadedPlugins()) {
            rows.add(info(plugin, vms));
        }
        lifecycle.unloadedPlugins().forEach((id, plugin) -> {
            PluginDescriptor descriptor = plugin.descriptor();
            rows.add(new PluginInfo(id, descriptor.getVersion(), PluginInfo.State.UNLOADED, List.of(),
                    blankToNull(descriptor.getRequires()), plugin.path(), blankToNull(descriptor.getProvider()),
                    blankToNull(descriptor.getPluginDescription()), null, null, List.of()));
        });
        for (LoadFailure failure : lifecycle.loadFailures()) {
            rows.add(new PluginInfo(failure.pluginId(), failure.version(), PluginInfo.State.FAILED, List.of(),
                    failure.requires(), failure.path(), null, null, failure.reason(), null, List.of()));
        }
        rows.sort(Comparator.comparing((PluginInfo row) -> row.id() == null ? "\uffff" : row.id())
                .thenComparing(row -> row.path().toString()));
        List<PluginInfo> list = List.copyOf(rows);
        if (!list.equals(changes.getValue())) {
            changes.onNext(list);
        }
        return list;
    }

    private PluginInfo info(PluginWrapper plugin, VmsState vms) {
        String id = plugin.getPluginId();
        PluginDescriptor descriptor = plugin.getDescriptor();
        List<ProviderStatus> providers = vms.providers().values().stream()
                .filter(status -> id.equals(status.pluginId()))
                .sorted(Comparator.comparing(ProviderStatus::provider))
                .toList();
        PluginState pf4j = plugin.getPluginState();
        PluginInfo.State state;
        String error = null;
        String note = null;
        if (pf4j != PluginState.STARTED && lifecycle.disabledByConfiguration(id)) {
            state = PluginInfo.State.DISABLED;
            note = "disabled by configuration (--disable-plugin " + id + ")";
        } else if (pf4j == PluginState.DISABLED && lifecycle.requiresMet(plugin)) {
            state = PluginInfo.State.DISABLED;
            note = "switched off in " + lifecycle.pluginsRoot().resolve("disabled.txt")
                    + " (start it with --enable-plugin " + id + ")";
        } else if (pf4j == PluginState.DISABLED) {
            state = PluginInfo.State.DISABLED;
            error = "requires API " + descriptor.getRequires().strip() + ", this host provides " + ApiVersion.CURRENT;
        } else if (pf4j != PluginState.STARTED && lifecycle.quarantined(id).isPresent()) {
            state = PluginInfo.State.FAILED;
            error = lifecycle.quarantined(id).get();
        } else if (lifecycle.startFailure(id) != null) {
            state = PluginInfo.State.FAILED;
            error = lifecycle.startFailure(id);
        } else if (pf4j == PluginState.STARTED) {
            List<String> errors = new ArrayList<>(lifecycle.extensionFailures(id));
            // The refused exit is the cause, whichever thread reported first: an init or thunk that was
            // refused also fails on its own, with the refusal as its message.
            String exit = lifecycle.exitRefusal(id);
            List<ProviderStatus> failed = providers.stream().filter(p -> p.state() == ProviderStatus.State.FAILED).toList();
            if (exit != null && failed.isEmpty()) {
                errors.add(exit);
            }
            failed.forEach(p -> errors.add("provider '" + p.provider() + "': " + (exit != null ? exit : p.message())));
            if (!errors.isEmpty()) {
                state = PluginInfo.State.FAILED;
                error = String.join("; ", errors);
            } else if (providers.stream().anyMatch(p -> p.state() == ProviderStatus.State.STARTING)) {
                state = PluginInfo.State.STARTING;
            } else {
                state = PluginInfo.State.ACTIVE;
            }
        } else {
            state = PluginInfo.State.STOPPED;
        }
        Deque<String> recent = problems.getOrDefault(id, new ArrayDeque<>());
        List<String> recentProblems;
        synchronized (recent) {
            recentProblems = List.copyOf(recent);
        }
        return new PluginInfo(id, descriptor.getVersion(), state, providers, blankToNull(descriptor.getRequires()),
                plugin.getPluginPath(), blankToNull(descriptor.getProvider()), blankToNull(descriptor.getPluginDescription()),
                error, note, recentProblems);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
