package dev.hangar.host.plugins;

import java.security.Permission;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Refuses {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} while a plugin's code is
 * on the calling thread's stack, so a plugin cannot end the host; the host's own exits (bad options,
 * {@code hangar user}) and SIGTERM (which does not ask) still end it.
 *
 * <p>Why a {@link SecurityManager}: it is the only hook the JDK calls on every exit and halt, however
 * the plugin reaches them (directly, by reflection, a method handle, a thread of its own). Java 17
 * still supports it; it prints a deprecation warning at start-up, and JDK 18+ need
 * {@code -Djava.security.manager=allow} (bin/hangar has no other JDK). What it costs: this manager
 * allows every permission without looking (only exits are checked, by a stack walk), so the price is
 * one virtual call per JDK permission check, plus the JDK's changes of behaviour when any manager is
 * installed — notably the common {@code ForkJoinPool} then runs tasks on "innocuous" threads (no
 * context class loader, thread-locals cleared after each task), which code that relies on either
 * there would notice. When a future JDK drops the manager, the quarantine ({@link Quarantine}) still
 * brings the host back.
 */
public final class ExitGuard extends SecurityManager {
    private static final StackWalker STACK = StackWalker.getInstance(
            java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

    /** A plugin tried to end the process. */
    public record Attempt(String pluginId, int status) {
    }

    private static ExitGuard installed;

    private final List<Consumer<Attempt>> listeners = new CopyOnWriteArrayList<>();

    private ExitGuard() {
    }

    /** Installs the guard for this JVM, once; later calls return the same guard. */
    public static synchronized ExitGuard install() {
        if (installed == null) {
            installed = new ExitGuard();
            try {
                System.setSecurityManager(installed);
            } catch (UnsupportedOperationException e) {
                // JDK 18-23 without -Djava.security.manager=allow (bin/hangar passes it), and every JDK
                // from 24: the host still starts, unguarded; the start quarantine still brings it back.
                System.getLogger(ExitGuard.class.getName()).log(System.Logger.Level.WARNING,
                        "this JVM refuses a security manager (" + e.getMessage() + "): a plugin that calls"
                                + " System.exit ends the host; at the next start it is quarantined");
            }
        }
        return installed;
    }

    /** Tells {@code listener} of every refused exit (on the plugin's thread: hand work off); returns how to stop. */
    public Runnable onRefused(Consumer<Attempt> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void checkExit(int status) {
        Optional<String> plugin = pluginOnStack();
        if (plugin.isPresent()) {
            Attempt attempt = new Attempt(plugin.get(), status);
            listeners.forEach(listener -> listener.accept(attempt));
            throw new ExitRefused(attempt);
        }
    }

    /** The id of the innermost plugin whose code is on this thread's stack. */
    private static Optional<String> pluginOnStack() {
        return STACK.walk(frames -> frames
                .map(frame -> frame.getDeclaringClass().getClassLoader())
                .filter(SharedClassLoader.class::isInstance)
                .map(loader -> ((SharedClassLoader) loader).pluginId())
                .findFirst());
    }

    /** Everything but exits is allowed: this manager guards nothing else. */
    @Override
    public void checkPermission(Permission permission) {
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
    }

    /** What a plugin that tries to end the host gets instead. */
    public static final class ExitRefused extends SecurityException {
        private static final long serialVersionUID = 1L;

        ExitRefused(Attempt attempt) {
            super("plugin '" + attempt.pluginId() + "' tried to end the host process (exit or halt with status "
                    + attempt.status() + "); a plugin may not, so it was disabled");
        }
    }
}
