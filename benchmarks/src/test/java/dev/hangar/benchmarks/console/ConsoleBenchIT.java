package dev.hangar.benchmarks.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke run of the console harness, so that it never rots: N=10, one run of each section, against
 * the distribution built before this module. It asserts that no section failed and that every kind of
 * figure came out; timing is never a test. The libvirtd part needs the daemon (scripts/test.sh starts
 * one) and counts only the harness's own VMs: others on the daemon are listed and left alone.
 */
class ConsoleBenchIT {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theSmokeRunProducesEveryKindOfFigure(@TempDir Path out) throws Exception {
        String distribution = System.getProperty("hangar.distribution", "../distribution/target/hangar");
        ConsoleBench.Run run = new ConsoleBench(BenchOptions.parse("--smoke", "--distribution=" + distribution,
                "--out=" + out), System.out).run();
        List<Figure> figures = run.figures();

        assertEquals(List.of(), run.failures(), "sections of the smoke run failed");
        for (String kind : List.of("start-up", "list load, test driver, N=10", "host CPU", "host RSS", "stats tick",
                "list load, libvirtd, N=10", "event latency, virsh start invoked", "event latency, virsh destroy invoked",
                "  of which libvirt's event → row shows it (Hangar's part), start",
                "  of which libvirt's event → row shows it (Hangar's part), destroy",
                "  of which virsh invoked → libvirt's event (libvirt's and QEMU's part), start",
                "  of which virsh invoked → libvirt's event (libvirt's and QEMU's part), destroy")) {
            assertTrue(figures.stream().anyMatch(f -> f.name().startsWith(kind)), "no figure '" + kind + "' in " + figures);
        }
        for (Figure figure : figures) {
            assertFalse(figure.values().isEmpty(), figure.name());
            assertTrue(figure.values().stream().allMatch(Double::isFinite), figure.line());
        }
        assertTrue(Files.readString(out.resolve("results.md")).contains("list load, test driver, N=10"));
    }
}
