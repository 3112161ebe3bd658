package dev.hangar.host.plugins;

import dev.hangar.plugins.ApiVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginWrapper;

/**
 * PF4J's JAR plugin manager with the host's rules: plugins are checked against {@link ApiVersion},
 * share the host's API classes ({@link SharedClassLoader}), and a plugin that cannot be loaded is
 * remembered with the reason instead of only being logged.
 */
public final class HangarPluginManager extends JarPluginManager {

    private final Map<Path, String> loadFailures = new ConcurrentHashMap<>();

    public HangarPluginManager(Path pluginsDir) {
        super(pluginsDir);
        setSystemVersion(ApiVersion.CURRENT);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader().add(new JarPluginLoader(this) {
            @Override
            public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
                SharedClassLoader loader = new SharedClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                loader.addFile(pluginPath.toFile());
                return loader;
            }
        });
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            PluginWrapper wrapper = super.loadPluginFromPath(pluginPath);
            loadFailures.remove(pluginPath);
            return wrapper;
        } catch (RuntimeException e) {
            loadFailures.put(pluginPath, describe(e));
            throw e;
        }
    }

    /** JARs in the plugins folder that could not be loaded, with the reason in words. */
    public Map<Path, String> loadFailures() {
        return Map.copyOf(loadFailures);
    }

    /** Paths in the plugins folder that are not loaded yet (new JARs after a rescan). */
    public List<Path> newPluginPaths() {
        List<Path> loaded = getPlugins().stream().map(PluginWrapper::getPluginPath).toList();
        return pluginRepository.getPluginPaths().stream().filter(p -> !loaded.contains(p)).toList();
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
