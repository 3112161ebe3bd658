package dev.hangar.host.plugins;

import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Actor;
import io.reactivex.rxjava3.core.Observable;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The plugins of the host, for the Plugins page and for views that render plugin contributions.
 * Views get it from the {@code Hangar} they are made with ({@code hangar.pluginService()}). Changes
 * take the {@link Actor} who asks them: checked against that actor's role and audited in their name,
 * whether they come from the Plugins page or from anywhere else (no browser session needed).
 *
 * <h2>For the Plugins page</h2>
 * Render {@link #changes()} (subscribe in {@code onAttach}, {@code ui.access} each list, dispose in
 * {@code onDetach}); every row is a {@link PluginInfo}, and its {@code error} is text for the
 * operator (render it as text, never HTML). {@link #rescan()}, {@link #unload} and {@link #reload}
 * run on the service's own thread and return at once: do not block the UI thread on their stages,
 * notify from {@code whenComplete} through {@code ui.access}. A failed stage carries a message for
 * people (an unknown id, a JAR that vanished).
 *
 * <h2>For views that show plugin components</h2>
 * Before a plugin is unloaded its providers are deactivated, which
 * {@code ProviderRegistry.changes()} announces: a view that shows a provider's tabs, disk columns or
 * disk actions must drop them when their provider leaves that map, or the next click on a component
 * from the closed class loader fails with {@code NoClassDefFoundError}. Call a contribution through
 * {@link #guard} so that one that throws shows its error in place and is reported here.
 */
public interface PluginService {

    /** Every plugin the host knows, loaded or not, sorted by id; never null. */
    List<PluginInfo> plugins();

    /** {@link #plugins()} now and after every change (load, start, provider init, unload, a failure). */
    Observable<List<PluginInfo>> changes();

    /**
     * Loads and starts the JARs new in the plugins folder (and retries those that failed to load),
     * and unloads plugins whose JAR is gone; no restart needed. Plugins unloaded by an administrator
     * stay unloaded. Completes when the new providers' {@code init} is done.
     */
    CompletionStage<RescanResult> rescan(Actor actor);

    /**
     * Deactivates the plugin's providers (their VMs, branch and UI contributions go), then stops and
     * unloads it. It stays listed as {@link PluginInfo.State#UNLOADED} until reloaded or its JAR is removed.
     */
    CompletionStage<Void> unload(Actor actor, String pluginId);

    /**
     * Unloads the plugin if it is loaded, loads it again from its JAR (a new class loader, so a
     * replaced JAR takes effect) and starts it. Completes when its providers' {@code init} is done.
     */
    CompletionStage<Void> reload(Actor actor, String pluginId);

    /**
     * Records that a provider's code failed where the host called it (a UI contribution): logged with
     * its stack trace; an exception is shown in its plugin's {@link PluginInfo#problems()}, an
     * {@link Error} disables the provider (see {@code Guard}). Call it from any thread.
     *
     * @param what names the code for people ("tab 'Operations'")
     */
    void reportProblem(String providerName, String what, Throwable error);

    /**
     * Calls a provider's UI contribution (a tab factory, a disk column's value, the disk-actions
     * factory) on the calling UI thread. When it throws (anything but what the JVM cannot survive,
     * see {@code Guard}), the failure is reported and {@code onFailure} makes what to show instead
     * from a sentence such as "tab 'Operations' failed: NullPointerException".
     *
     * @param what names the contribution for people ("tab 'Operations'", "disk column 'Snapshots'")
     */
    default <T> T guard(String providerName, String what, Supplier<T> contribution, Function<String, T> onFailure) {
        try {
            return contribution.get();
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            String problem = what + " failed: " + HangarPluginManager.inWords(e);
            reportProblem(providerName, what, e);
            return onFailure.apply(problem);
        }
    }
}
