package dev.hangar.libvirt;

import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.plugins.vm.VmRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Not a test (surefire does not pick it up): a clone of a VM with one qcow2 disk full of random data
 * on qemu:///system, through the provider's {@code cloneVm} as the host runs it (byte copy through
 * libvirt's volume download/upload streams, then define), against {@code qemu-img convert -O qcow2}
 * of the same file into the same pool directory, alternately, {@code runs} times each. Prints MiB/s of
 * the source file's size and the ratio of the medians; asserts nothing. The source is read once
 * before, so both copy from the page cache. scripts/bench.sh runs it (step 6; {@code --clone-only}):
 * <pre>
 * mvn -q -o -pl plugin-libvirt -am test-compile
 * mvn -q -o -f plugin-libvirt/pom.xml dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp plugin-libvirt/target/classes:plugin-libvirt/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.hangar.libvirt.CloneMeasurement 3 1024
 * </pre>
 */
public final class CloneMeasurement {
    private static final Path IMAGES = Path.of("/var/lib/libvirt/images");

    private CloneMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Daemon daemon = Daemon.require();
        String name = Daemon.name("bench-clone");
        Path raw = IMAGES.resolve(name + ".raw");
        Path source = IMAGES.resolve(name + "-vda.qcow2");
        Path reference = IMAGES.resolve(name + "-qemu-img.qcow2");
        String clone = name + "-copy";
        try (Harness h = Harness.started(Harness.options(Daemon.URI))) {
            run("dd", "if=/dev/urandom", "of=" + raw, "bs=1M", "count=" + mib, "status=none");
            run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), source.toString());
            Files.delete(raw);
            Daemon.virsh("pool-refresh", Daemon.POOL);
            long bytes = Files.size(source);
            daemon.defineWithDisks(name, List.of(source.toString()));
            daemon.own(clone);
            h.run(h.provider.getVm(Daemon.URI, name));
            VmRef vm = h.ref(name);
            warm(source);
            System.out.printf(Locale.ROOT, "source: %s, %.1f MiB (qcow2 of %d MiB of random data); %d runs each%n",
                    source, bytes / 1048576.0, mib, runs);
            List<Double> qemuImg = new ArrayList<>();
            List<Double> cloned = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                // Each copy starts with no dirty pages of the one before, and ends on disk (both flush at the end).
                run("sync");
                long start = System.nanoTime();
                run("qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", source.toString(), reference.toString());
                double qemuSeconds = (System.nanoTime() - start) / 1e9;
                Files.delete(reference);

                run("sync");
                start = System.nanoTime();
                h.run(h.libvirt().cloneVm(vm, new CloneSpec(clone, List.of(new CloneSpec.CloneDisk("vda",
                        Daemon.POOL)))).start(new TestTaskProgress()), 600);
                double cloneSeconds = (System.nanoTime() - start) / 1e9;
                h.run(h.provider.deleteVm(h.ref(clone), new DeleteOptions(false, List.of("vda"))));

                qemuImg.add(bytes / 1048576.0 / qemuSeconds);
                cloned.add(bytes / 1048576.0 / cloneSeconds);
                System.out.printf(Locale.ROOT, "run %d: qemu-img convert %.2f s (%.0f MiB/s); Hangar clone %.2f s "
                        + "(%.0f MiB/s)%n", run, qemuSeconds, qemuImg.get(run - 1), cloneSeconds, cloned.get(run - 1));
            }
            double q = median(qemuImg);
            double c = median(cloned);
            System.out.printf(Locale.ROOT, "median: qemu-img convert %.0f MiB/s, Hangar clone %.0f MiB/s, ratio %.2f%n",
                    q, c, c / q);
        } finally {
            daemon.cleanUp();
            for (Path file : List.of(raw, source, reference)) {
                Files.deleteIfExists(file);
            }
            Daemon.virshSucceeds("pool-refresh", Daemon.POOL);
        }
    }

    private static void run(String... command) {
        Daemon.Result result = Daemon.run(command);
        if (result.code() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.err());
        }
    }

    private static void warm(Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buffer) > 0) {
                // Read only to have it in the page cache.
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
