package dev.hangar.host.plugins;

import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader that always takes the classes the host shares with plugins (the API, the
 * store, Vaadin, RxJava, Jackson, JNA, …) from the host, and everything else from the plugin first.
 * So a plugin that carelessly bundles its own copy of those cannot split the host's types in two.
 */
final class SharedClassLoader extends PluginClassLoader {

    /** Package prefixes that only the host may define. */
    static final List<String> SHARED = List.of(
            "dev.hangar.plugins.", "dev.hangar.store.", "com.vaadin.", "io.reactivex.rxjava3.",
            "org.reactivestreams.", "com.fasterxml.jackson.", "org.pcollections.", "com.sun.jna.",
            "org.slf4j.", "elemental.", "org.jsoup.");

    private final String pluginId;

    SharedClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
        this.pluginId = descriptor.getPluginId();
    }

    /** The plugin whose classes this loader defines. */
    String pluginId() {
        return pluginId;
    }

    static boolean isShared(String className) {
        return sharedPrefix(className) != null;
    }

    /** The shared prefix a class falls under, without its trailing dot; null when none. */
    static String sharedPrefix(String className) {
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return prefix.substring(0, prefix.length() - 1);
            }
        }
        return null;
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (isShared(className)) {
            return getParent().loadClass(className);
        }
        return super.loadClass(className);
    }
}
