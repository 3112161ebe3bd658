package dev.hangar.host.plugins;

import dev.hangar.host.providers.Guard;
import dev.hangar.plugins.ApiVersion;
import dev.hangar.plugins.VirtProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * PF4J's JAR plugin manager with the host's rules: plugins are checked against {@link ApiVersion},
 * share the host's API classes ({@link SharedClassLoader}) and may not bring their own copy of them,
 * and whatever cannot be loaded or created is remembered with the reason in words instead of only
 * being logged.
 */
public final class HangarPluginManager extends JarPluginManager {

    private final Map<Path, LoadFailure> loadFailures = new ConcurrentHashMap<>();
    private final Set<String> enabled;

    /**
     * @param enabled plugins started even though the plugins folder's {@code disabled.txt} lists them
     *                ({@code --enable-plugin}): the distribution ships the example switched off that way
     */
    public HangarPluginManager(Path pluginsDir, Set<String> enabled) {
        super(pluginsDir);
        this.enabled = Set.copyOf(enabled);
        setSystemVersion(ApiVersion.CURRENT);
    }

    /** PF4J's status files, but {@code --enable-plugin} wins over {@code disabled.txt}. */
    @Override
    protected boolean isPluginDisabled(String pluginId) {
        return !enabled.contains(pluginId) && super.isPluginDisabled(pluginId);
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

    /**
     * Loads one JAR, refusing what PF4J would load wrongly or only log: a JAR that carries classes of
     * the shared packages, and a second plugin with an id already in use.
     */
    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        PluginDescriptor descriptor = null;
        try {
            JarLimits.DEFAULT.check(pluginPath);
            Map<String, List<String>> shared = sharedClasses(pluginPath);
            descriptor = getPluginDescriptorFinder().find(pluginPath);
            validatePluginDescriptor(descriptor);
            refuse(shared);
            PluginWrapper other = getPlugin(descriptor.getPluginId());
            if (other != null) {
                throw new PluginRuntimeException("plugin id '" + descriptor.getPluginId() + "' is already used by "
                        + other.getPluginPath().getFileName() + "; this JAR was not loaded (remove one of them)");
            }
            PluginWrapper wrapper = super.loadPluginFromPath(pluginPath);
            loadFailures.remove(pluginPath);
            return wrapper;
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            loadFailures.put(pluginPath, LoadFailure.of(pluginPath, descriptor, inWords(e)));
            throw e instanceof RuntimeException runtime ? runtime : new PluginRuntimeException(e);
        }
    }

    /** JARs of the plugins folder that could not be loaded, with the reason in words. */
    public List<LoadFailure> loadFailures() {
        return List.copyOf(loadFailures.values());
    }

    /** Forgets the failures of JARs that are no longer in the plugins folder. */
    public void forgetVanished() {
        loadFailures.keySet().removeIf(path -> !Files.exists(path));
    }

    /** Paths in the plugins folder that are not loaded (new JARs, and JARs that failed to load). */
    public List<Path> newPluginPaths() {
        List<Path> loaded = getPlugins().stream().map(PluginWrapper::getPluginPath).toList();
        return pluginRepository.getPluginPaths().stream().filter(p -> !loaded.contains(p)).toList();
    }

    /** Whether the plugin's {@code Plugin-Requires} accepts this host's {@link ApiVersion}. */
    public boolean requiresMet(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires().strip();
        if (!isExactVersionAllowed() && requires.matches("^\\d+\\.\\d+\\.\\d+$")) {
            requires = ">=" + requires;  // as PF4J's own check reads a bare version
        }
        return getVersionManager().checkVersionConstraint(getSystemVersion(), requires);
    }

    /** Whether PF4J's own status file ({@code disabled.txt} in the plugins folder) disables the plugin. */
    public boolean disabledByStatusFile(String pluginId) {
        return isPluginDisabled(pluginId);
    }

    /**
     * Creates the {@link VirtProvider} extensions of a started plugin. Unlike PF4J's
     * {@code getExtensions}, which logs and skips an extension it cannot load or whose constructor
     * throws, this reports each such extension in words.
     */
    public ProviderExtensions createProviders(String pluginId) {
        List<VirtProvider> created = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ClassLoader loader = getPluginClassLoader(pluginId);
        for (String className : getExtensionClassNames(pluginId)) {
            Class<?> type;
            try {
                type = loader.loadClass(className);
            } catch (Throwable e) {
                Guard.rethrowFatal(e);
                problems.add("extension " + className + " listed in META-INF/extensions.idx cannot be loaded: " + inWords(e));
                continue;
            }
            if (!VirtProvider.class.isAssignableFrom(type)) {
                continue;
            }
            try {
                created.add(VirtProvider.class.cast(getExtensionFactory().create(type)));
            } catch (Throwable e) {
                Guard.rethrowFatal(e);
                problems.add("extension " + className + " could not be created: " + inWords(e));
            }
        }
        if (created.isEmpty() && problems.isEmpty()) {
            problems.add("it contains no provider: META-INF/extensions.idx lists no VirtProvider extension"
                    + " (was PF4J's annotation processor part of its build?)");
        }
        return new ProviderExtensions(created, problems);
    }

    /** The classes of a JAR that only the host may define, by shared prefix. */
    private static Map<String, List<String>> sharedClasses(Path jar) {
        Map<String, List<String>> byPackage = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String className = className(entries.nextElement().getName());
                if (className != null && SharedClassLoader.isShared(className)) {
                    byPackage.computeIfAbsent(SharedClassLoader.sharedPrefix(className), k -> new ArrayList<>()).add(className);
                }
            }
        } catch (IOException e) {
            throw new PluginRuntimeException("it is not a readable JAR: " + inWords(e));
        }
        return byPackage;
    }

    /** Refuses a JAR that bundles classes only the host may define: they would split the host's types in two. */
    private static void refuse(Map<String, List<String>> byPackage) {
        if (!byPackage.isEmpty()) {
            List<String> found = new ArrayList<>();
            byPackage.forEach((prefix, classes) -> found.add(prefix + "* (" + classes.size() + " classes, e.g. "
                    + classes.get(0) + ")"));
            throw new PluginRuntimeException("it bundles its own copy of classes the host provides: "
                    + String.join(", ", found) + ". Declare those dependencies with <scope>provided</scope>"
                    + " so that the plugin uses the host's");
        }
    }

    /** The class an entry defines, or null when it is no class file. */
    private static String className(String entry) {
        if (!entry.endsWith(".class") || entry.endsWith("module-info.class") || entry.endsWith("package-info.class")) {
            return null;
        }
        String path = entry;
        if (path.startsWith("META-INF/versions/")) {
            int slash = path.indexOf('/', "META-INF/versions/".length());
            path = slash < 0 ? path : path.substring(slash + 1);
        }
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** The message of the root cause, with PF4J's terse descriptor complaints put in words. */
    static String inWords(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        if (message.contains("Field 'id' cannot be empty")) {
            return "its manifest has no Plugin-Id, so it is not a Hangar plugin"
                    + " (META-INF/MANIFEST.MF needs Plugin-Id and Plugin-Version)";
        }
        if (message.contains("Field 'version' cannot be empty")) {
            return "its manifest has no Plugin-Version (META-INF/MANIFEST.MF needs Plugin-Id and Plugin-Version)";
        }
        return cause instanceof RuntimeException || cause instanceof IOException
                ? message : cause.getClass().getSimpleName() + ": " + message;
    }
}
