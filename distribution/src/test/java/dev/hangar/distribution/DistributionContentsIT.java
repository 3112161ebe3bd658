package dev.hangar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The assembled folder ships exactly the bundled plugins of this build in plugins/ (each once, with
 * its manifest) and keeps them off lib/, the host's class path: what the copy of sibling target/
 * folders got wrong on a partial build (an empty or stale plugins/).
 */
class DistributionContentsIT {
    private static final Path HOME = Path.of(System.getProperty("hangar.distribution", "target/hangar"));
    private static final String VERSION = System.getProperty("hangar.version");
    private static final String API = System.getProperty("hangar.api.version");

    @Test
    void pluginsHoldsTheBundledPluginsOfThisBuild() throws IOException {
        assertEquals(List.of("disabled.txt", "hangar-plugin-example-" + VERSION + ".jar",
                "hangar-plugin-libvirt-" + VERSION + ".jar"), names(HOME.resolve("plugins")));
        assertPlugin("hangar-plugin-libvirt", "libvirt");
        assertPlugin("hangar-plugin-example", "example");
    }

    @Test
    void libHoldsTheHostAndItsLibrariesButNoPlugin() throws IOException {
        List<String> lib = names(HOME.resolve("lib"));
        for (String jar : List.of("hangar-host-", "hangar-plugins-", "hangar-store-")) {
            assertTrue(lib.contains(jar + VERSION + ".jar"), jar + VERSION + ".jar missing from lib/: " + lib);
        }
        // libvirt-java is shaded into plugin-libvirt: a copy in lib/ would be a second one on the host's path.
        assertTrue(lib.stream().noneMatch(n -> n.startsWith("hangar-plugin-") || n.startsWith("libvirt-")),
                "lib/ holds a plugin or libvirt-java: " + lib);
        // One SLF4J back end (README, "How it is built"), also after a build of another version.
        List<String> backEnds = lib.stream().filter(n -> n.startsWith("slf4j-") && !n.startsWith("slf4j-api-")).toList();
        assertTrue(backEnds.size() == 1 && backEnds.get(0).startsWith("slf4j-jdk14-"), "SLF4J back ends in lib/: " + backEnds);
        assertTrue(Files.isExecutable(HOME.resolve("bin/hangar")), "bin/hangar is not executable");
    }

    private static void assertPlugin(String artifact, String id) throws IOException {
        try (JarFile jar = new JarFile(HOME.resolve("plugins/" + artifact + "-" + VERSION + ".jar").toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals(id, manifest.getValue("Plugin-Id"));
            assertEquals(VERSION, manifest.getValue("Plugin-Version"));
            assertEquals(">=" + API + " & <" + (Integer.parseInt(API.split("\\.")[0]) + 1) + ".0.0",
                    manifest.getValue("Plugin-Requires"), artifact + "'s Plugin-Requires follows the build's API version");
            assertTrue(jar.getEntry("META-INF/extensions.idx") != null, artifact + " has no extension index");
        }
    }

    private static List<String> names(Path folder) throws IOException {
        assertTrue(Files.isDirectory(folder), "no " + folder + ": build the distribution first (mvn -pl distribution -am package)");
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
