package dev.hangar.host.plugins;

import com.vaadin.flow.component.Component;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.store.Store;
import io.reactivex.rxjava3.core.Observable;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.pcollections.PMap;
import org.pf4j.Extension;
import org.slf4j.Logger;

/**
 * Builds a real plugin JAR for a test, as PF4J's own tests do: sources compiled at test time with
 * PF4J's annotation processor (which writes {@code META-INF/extensions.idx}), a manifest, and any
 * extra entries. Nothing of the loader is mocked: the host loads the JAR from a folder.
 */
public final class PluginJar {
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private String index;
    private String bombName;
    private long bombSize;

    private PluginJar() {
    }

    /** A plugin with an id, version 1.0.0, and the API range of this host. */
    public static PluginJar plugin(String id) {
        return new PluginJar().attribute("Plugin-Id", id).attribute("Plugin-Version", "1.0.0")
                .attribute("Plugin-Requires", ">=2.0.0 & <3.0.0");
    }

    /** A JAR with only a manifest version: no plugin attributes at all. */
    static PluginJar plainJar() {
        return new PluginJar();
    }

    PluginJar attribute(String name, String value) {
        manifest.put(name, value);
        return this;
    }

    PluginJar without(String name) {
        manifest.remove(name);
        return this;
    }

    /** A Java source to compile into the JAR, by fully qualified class name. */
    PluginJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** A raw entry (e.g. a class file copied from the host's class path). */
    PluginJar entry(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    /** Replaces the extension index that the annotation processor wrote. */
    PluginJar index(String content) {
        this.index = content;
        return this;
    }

    /**
     * Adds an entry that unpacks to {@code size} bytes of 'a' (no line break) yet takes a few KB in
     * the JAR: a zip bomb. Its deflate stream is one compressed MiB repeated (a full flush resets the
     * compressor, so every MiB compresses to the same bytes), built in about a second.
     */
    PluginJar bomb(String name, long size) {
        this.bombName = name;
        this.bombSize = size;
        return this;
    }

    public Path writeTo(Path folder, String fileName) throws IOException {
        Path classes = compile();
        Path jar = folder.resolve(fileName);
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((name, value) -> mf.getMainAttributes().putValue(name, value));
        Path tmp = Files.createTempFile(folder.getParent(), "plugin", ".jar");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out, mf)) {
            if (classes != null) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = classes.relativize(file).toString().replace('\\', '/');
                        if ((index != null || "META-INF/extensions.idx".equals(bombName)) && name.equals("META-INF/extensions.idx")) {
                            continue;
                        }
                        put(jarOut, name, Files.readAllBytes(file));
                    }
                }
            }
            if (index != null) {
                put(jarOut, "META-INF/extensions.idx", index.getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                put(jarOut, entry.getKey(), entry.getValue());
            }
        }
        if (bombName != null) {
            ZipBomb.append(tmp, bombName, bombSize);
        }
        // Appears in the folder whole, as an operator's mv would.
        return Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    private Path compile() throws IOException {
        if (sources.isEmpty()) {
            return null;
        }
        Path root = Files.createTempDirectory("plugin-src");
        Path out = Files.createDirectories(root.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = root.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            String classpath = apiClasspath();
            List<String> options = List.of("--release", "17", "-d", out.toString(), "-classpath", classpath,
                    "-processorpath", classpath, "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                throw new IllegalStateException("test plugin does not compile: " + diagnostics.getDiagnostics());
            }
        }
        return out;
    }

    /** What a plugin compiles against: the API, the store and what their signatures name. */
    private static String apiClasspath() {
        return Stream.of(VirtProvider.class, Store.class, Extension.class, Component.class, Observable.class, PMap.class,
                        Logger.class)
                .map(PluginJar::location).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a class of the host's class path, to bundle it where it must not be. */
    static byte[] classBytes(Class<?> type) throws IOException {
        try (var in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
