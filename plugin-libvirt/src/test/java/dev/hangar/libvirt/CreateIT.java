package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.create.CloudInit;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.plugins.testkit.TestConsole;
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating VMs on the real libvirtd (qemu:///system, TCG: this machine's KVM boots no Linux kernel),
 * checked with virsh: the tiny guest booted directly and from a network tree, each bad input, a cancel
 * during a copy. Every VM and volume is {@code hangar-test-…}; each test counts them before and after.
 */
class CreateIT {
    static final String PROMPT = "hangar-guest# ";
    private static final Path KERNEL = TinyGuest.GUEST.resolve("vmlinuz");
    private static final Path INITRD = TinyGuest.GUEST.resolve("initrd.img");
    private static final String CMDLINE = "console=tty0 console=ttyS0,115200 quiet loglevel=4";
    private static final Duration BOOT = TinyGuest.BOOT;

    private Daemon daemon;
    private Harness h;
    private final List<Path> files = new ArrayList<>();
    private List<String> before;
    /** This test's prefix: other tests (and other builds) make hangar-test objects on the same daemon meanwhile. */
    private final String tag = "hangar-test-" + java.util.UUID.randomUUID().toString().substring(0, 6);

    private String name(String what) {
        return tag + "-" + what;
    }

    @BeforeEach
    void start() {
        daemon = Daemon.require();
        for (Path file : new Path[]{KERNEL, INITRD}) {
            if (!Files.isRegularFile(file)) {
                fail("The tiny test guest is missing (" + file + "); scripts/test-env.sh builds it.");
            }
        }
        h = Harness.started(Harness.options(Daemon.URI, LibvirtCreation.VIRT_TYPE, "qemu"));
        before = hangarTestObjects(Daemon.URI, tag);
    }

    @AfterEach
    void stop() throws IOException {
        daemon.cleanUp();
        // A failed test may leave what it made (that is what it reports); the next run must not find it.
        for (String object : hangarTestObjects(Daemon.URI, tag)) {
            if (object.startsWith("volume ")) {
                Daemon.virshSucceeds("vol-delete", "--pool", Daemon.POOL, object.substring("volume ".length()));
            }
        }
        h.close();
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    private static VmSpec kernelSpec(String name, StorageChoice storage, boolean start) {
        return new VmSpec(Daemon.URI, name, "http://debian.org/debian/11", 192 * 1024, 1, Firmware.BIOS,
                new InstallSource.Kernel(KERNEL.toString(), INITRD.toString(), CMDLINE), storage,
                new NetworkChoice.VirtualNetwork("isolated"), "virtio", "virtio", start);
    }

    @Test
    void aDirectKernelBootVmWithANewQcow2VolumeAndANicBootsToItsSerialShellAndIsDeletedWithItsStorage()
            throws Exception {
        String name = name("create");
        daemon.own(name);
        TestTaskProgress progress = new TestTaskProgress();
        String result = h.run(h.libvirt().create(kernelSpec(name, new StorageChoice.NewVolume(Daemon.POOL, 64L << 20,
                "qcow2"), true)).start(progress), 120);
        assertEquals("Created VM '" + name + "' and started it", result);
        VmRef ref = h.ref(name);
        assertFalse(ref.id().isEmpty(), "the VM was in the store when the creation completed");
        h.awaitState(name, VmStates.RUNNING);

        String xml = Daemon.virsh("dumpxml", "--inactive", name);
        assertTrue(xml.contains("<domain type='qemu'"), xml);
        assertTrue(xml.contains("<kernel>" + KERNEL + "</kernel>"), xml);
        assertTrue(xml.contains("<initrd>" + INITRD + "</initrd>"), xml);
        assertTrue(xml.contains("<libosinfo:os id=\"http://debian.org/debian/11\"/>"), xml);
        assertTrue(xml.contains("<source file='/var/lib/libvirt/images/" + name + ".qcow2'/>"), xml);
        assertTrue(xml.contains("<driver name='qemu' type='qcow2'/>"), xml);
        assertTrue(xml.contains("<source network='isolated'/>"), xml);
        assertTrue(xml.contains("<mac address='52:54:00:"), xml);
        assertTrue(xml.contains("<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>"), xml);
        String volume = Daemon.virsh("vol-dumpxml", "--pool", Daemon.POOL, name + ".qcow2");
        assertTrue(volume.contains("<capacity unit='bytes'>67108864</capacity>") && volume.contains("<format type='qcow2'/>"),
                volume);

        try (TestConsole console = TestConsole.open(h.libvirt(), ref, "serial0", false)) {
            awaitPrompt(console);
        }

        h.run(h.libvirt().deleteVm(ref, new DeleteOptions(true, List.of("vda"))));
        assertFalse(daemon.domainExists(name));
        assertFalse(daemon.volumeExists(name + ".qcow2"));
        assertEquals(before, hangarTestObjects(Daemon.URI, tag));
    }

    @Test
    void aNetworkTreesInstallerIsFetchedBootedOnceAndRemovedAndAFailedFetchLeavesNothing() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String layout = "/debian/dists/bookworm/main/installer-amd64/current/images/netboot/debian-installer/amd64/";
        serve(server, layout + "linux", KERNEL);
        serve(server, layout + "initrd.gz", INITRD);
        serve(server, "/broken/images/pxeboot/vmlinuz", KERNEL);
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            String name = name("tree");
            daemon.own(name);
            TestTaskProgress progress = new TestTaskProgress();
            String result = h.run(h.libvirt().create(treeSpec(name, base + "/debian/dists/bookworm/")).start(progress), 120);
            assertEquals("Created VM '" + name + "' and started it", result);
            assertTrue(progress.reports().stream().anyMatch(r -> r.text() != null && r.text().contains("Debian")),
                    progress.reports().toString());
            long fractions = progress.reports().stream().filter(r -> r.fraction() > 0.15 && r.fraction() < 0.85).count();
            assertTrue(fractions >= 5, "the downloads report as they go: " + progress.reports());

            String running = Daemon.virsh("dumpxml", name);
            assertTrue(running.contains("-install-kernel</kernel>"), "it runs the fetched installer: " + running);
            String next = Daemon.virsh("dumpxml", "--inactive", name);
            assertFalse(next.contains("<kernel>"), "its next boot is from its disk: " + next);
            assertTrue(next.contains("<boot dev='hd'/>"), next);
            assertFalse(Daemon.virsh("vol-list", Daemon.POOL).contains(name + "-install-"),
                    "the fetched kernel and initrd are removed once it runs");
            try (TestConsole console = TestConsole.open(h.libvirt(), h.ref(name), "serial0", false)) {
                awaitPrompt(console);
            }
            daemon.cleanUp();

            // A tree whose initrd is missing: the kernel fetched first is removed again, no VM is defined.
            String broken = name("broken");
            daemon.own(broken);
            Throwable failure = h.failureOf(h.libvirt().create(treeSpec(broken, base + "/broken/")).start(new TestTaskProgress()));
            assertTrue(failure.getMessage().contains("Creating VM '" + broken + "' failed: ")
                    && failure.getMessage().contains("initrd.img answered HTTP 404")
                    && failure.getMessage().endsWith("nothing it made is left"), failure.getMessage());
            assertFalse(daemon.domainExists(broken));
            assertEquals(before, hangarTestObjects(Daemon.URI, tag));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anIsoInstallAndACloudImageWithItsSeedAreDefinedShutOff() throws Exception {
        Path iso = Files.createTempFile("hangar-test-install", ".iso");
        files.add(iso);
        Files.write(iso, new byte[64 * 1024]);
        String isoVm = name("iso");
        daemon.own(isoVm);
        VmSpec isoSpec = new VmSpec(Daemon.URI, isoVm, "http://debian.org/debian/11", 256 * 1024, 1, Firmware.BIOS,
                new InstallSource.Iso(iso.toString()), new StorageChoice.NewVolume(Daemon.POOL, 32L << 20, "raw"),
                new NetworkChoice.VirtualNetwork("isolated"), null, null, false);
        assertEquals("Created VM '" + isoVm + "'", h.run(h.libvirt().create(isoSpec).start(new TestTaskProgress()), 60));
        String xml = Daemon.virsh("dumpxml", isoVm);
        assertTrue(Daemon.virsh("domstate", isoVm).contains("shut off"), "Edit before install: not started");
        assertTrue(xml.contains("<boot dev='hd'/>\n    <boot dev='cdrom'/>"), xml);
        assertTrue(xml.contains("<source file='" + iso + "'/>") && xml.contains("device='cdrom'"), xml);
        assertTrue(xml.contains("<source file='/var/lib/libvirt/images/" + isoVm + ".raw'/>"), xml);

        // A qcow2 cloud image of 16 MiB, grown to 48 MiB, with a seed ISO holding the generated cloud-config.
        Path image = Files.createTempFile("hangar-test-cloud", ".qcow2");
        files.add(image);
        Daemon.Result made = Daemon.run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "16M");
        assertEquals(0, made.code(), made.err());
        String cloudVm = name("cloud");
        daemon.own(cloudVm);
        VmSpec cloud = new VmSpec(Daemon.URI, cloudVm, null, 256 * 1024, 1, Firmware.BIOS,
                new InstallSource.CloudImage(image.toString(), new CloudInit("hangar", "s3cret", "ssh-ed25519 AAAA x@y",
                        null, null)), new StorageChoice.NewVolume(Daemon.POOL, 48L << 20, "qcow2"),
                new NetworkChoice.VirtualNetwork("isolated"), null, null, false);
        h.run(h.libvirt().create(cloud).start(new TestTaskProgress()), 60);
        String cloudXml = Daemon.virsh("dumpxml", cloudVm);
        assertTrue(cloudXml.contains("<driver name='qemu' type='qcow2'/>"), cloudXml);
        assertTrue(cloudXml.contains("/var/lib/libvirt/images/" + cloudVm + "-seed.iso"), cloudXml);
        String disk = Daemon.virsh("vol-dumpxml", "--pool", Daemon.POOL, cloudVm + ".img");
        assertTrue(disk.contains("<capacity unit='bytes'>50331648</capacity>") && disk.contains("<format type='qcow2'/>"),
                "copied and grown: " + disk);
        Path seed = Files.createTempFile("hangar-test-seed", ".iso");
        files.add(seed);
        Daemon.virsh("vol-download", "--pool", Daemon.POOL, cloudVm + "-seed.iso", seed.toString());
        String seedText = new String(Files.readAllBytes(seed), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(seedText.contains("CIDATA") || seedText.contains("cidata"), "the NoCloud label");
        assertTrue(seedText.contains("#cloud-config") && seedText.contains("name: hangar")
                && seedText.contains("ssh-ed25519 AAAA x@y") && seedText.contains("instance-id: " + cloudVm),
                "user-data and meta-data on the seed");

        for (String vm : List.of(isoVm, cloudVm)) {
            VmRef ref = h.ref(vm);
            List<String> targets = new ArrayList<>();
            for (var d : h.vm(vm).disks()) {
                if ("disk".equals(d.device()) || d.source() != null && d.source().endsWith("-seed.iso")) {
                    targets.add(d.target());
                }
            }
            h.run(h.libvirt().deleteVm(ref, new DeleteOptions(true, targets)));
        }
        assertEquals(before, hangarTestObjects(Daemon.URI, tag), "the ISO (not made here) stays, all else is gone");
        assertTrue(Files.exists(iso));
    }

    private static VmSpec treeSpec(String name, String url) {
        return new VmSpec(Daemon.URI, name, null, 192 * 1024, 1, Firmware.BIOS, new InstallSource.NetworkTree(url),
                new StorageChoice.NoStorage(), new NetworkChoice.VirtualNetwork("isolated"), null, null, true);
    }

    @Test
    void eachBadInputNamesItsFieldAndLeavesNothingBehind() throws Exception {
        LibvirtProvider p = h.libvirt();
        CreationChoices choices = p.choices(Daemon.URI);
        String existing = daemon.defineWithDisks(name("exists"), List.of());
        StorageChoice none = new StorageChoice.NoStorage();

        assertField("name", "A VM named '" + existing + "' exists on this connection", kernelSpec(existing, none, false));
        assertField("name", "A VM needs a name", kernelSpec("", none, false));
        assertField("name", "Names are at most 64 characters (this one has 65)", kernelSpec("h".repeat(65), none, false));
        assertField("name", "A name can only have printable characters", kernelSpec("hangar-test-\n", none, false));
        assertField("name", "A name cannot contain '/'", kernelSpec("hangar-test-a/b", none, false));
        VmSpec k = kernelSpec(name("bad"), none, false);
        assertField("memoryKiB", null, with(k, choices.hostMemoryKiB() + 1024, k.vcpus()));
        assertField("vcpus", null, with(k, k.memoryKiB(), choices.maxVcpus() + 1));
        assertField("install", "The ISO /var/lib/hangar-test/no-such.iso does not exist on the host",
                new VmSpec(Daemon.URI, k.name(), null, k.memoryKiB(), 1, Firmware.BIOS,
                        new InstallSource.Iso("/var/lib/hangar-test/no-such.iso"), none, k.network(), null, null, false));
        Path image = randomFile(1 << 20);
        VmSpec notYaml = new VmSpec(Daemon.URI, k.name(), null, k.memoryKiB(), 1, Firmware.BIOS,
                new InstallSource.CloudImage(image.toString(), new CloudInit(null, null, null,
                        "#cloud-config\nusers: [ {name: a\n", null)),
                new StorageChoice.NewVolume(Daemon.POOL, 8L << 20, "qcow2"), k.network(), null, null, false);
        assertField("userData", null, notYaml);

        // A pool without space: test-env's hangar-test-tiny (16 MiB), or where it has none yet, one of this test's own.
        try (TinyPool tiny = TinyPool.sharedOrMake(4)) {
            VmSpec big = kernelSpec(k.name(), new StorageChoice.NewVolume(tiny.name, 64L << 20, "qcow2"), false);
            InvalidSpecException full = assertField("storage", null, big);
            assertTrue(full.getMessage().startsWith("Pool '" + tiny.name + "' has "), full.getMessage());
            // The creation itself checks again, and refuses before it makes anything.
            Throwable refused = h.failureOf(p.create(big).start(new TestTaskProgress()));
            assertTrue(refused.getMessage().contains("needs 64 MiB"), refused.getMessage());
            assertEquals(List.of(), List.of(Daemon.virsh("vol-list", tiny.name).trim()).stream()
                    .filter(s -> !s.isEmpty()).toList());
        }
        daemon.cleanUp();
        assertEquals(before, hangarTestObjects(Daemon.URI, tag));
    }

    @Test
    void aCancelDuringTheCopyOfACloudImageRemovesThePartialVolumeAndMakesNoVm() throws Exception {
        Path image = randomFile(96 << 20);
        String name = name("cancel");
        daemon.own(name);
        VmSpec spec = new VmSpec(Daemon.URI, name, null, 192 * 1024, 1, Firmware.BIOS,
                new InstallSource.CloudImage(image.toString(), new CloudInit("hangar", "secret", null, null, null)),
                new StorageChoice.NewVolume(Daemon.POOL, 128L << 20, "qcow2"), new NetworkChoice.VirtualNetwork("isolated"),
                null, null, true);
        TestTaskProgress cancelling = new TestTaskProgress();
        List<Double> fractions = new ArrayList<>();
        List<Boolean> partialSeen = new ArrayList<>();
        TaskProgress progress = reporting(cancelling, fraction -> {
            fractions.add(fraction);
            if (fraction > 0.2 && !cancelling.cancelled()) {
                partialSeen.add(daemon.volumeExists(name + ".img"));
                cancelling.cancel();
            }
        });
        CancellationException cancelled = assertThrows(CancellationException.class,
                () -> h.run(p().create(spec).start(progress), 120));
        assertTrue(cancelled.getMessage().endsWith("was cancelled; nothing it made is left"), cancelled.getMessage());
        assertEquals(List.of(true), partialSeen, "the partial copy was there when the cancel came");
        assertTrue(fractions.get(fractions.size() - 1) < 0.8, "it stopped during the copy: " + fractions);
        assertFalse(daemon.volumeExists(name + ".img"));
        assertFalse(daemon.volumeExists(name + "-seed.iso"));
        assertFalse(daemon.domainExists(name));
        assertEquals(before, hangarTestObjects(Daemon.URI, tag));
    }

    private LibvirtProvider p() {
        return h.libvirt();
    }

    /** A progress handle that passes reports on to {@code delegate} and each known fraction to {@code onFraction}. */
    static TaskProgress reporting(TestTaskProgress delegate, Consumer<Double> onFraction) {
        return new TaskProgress() {
            @Override
            public void report(double fraction, String text) {
                delegate.report(fraction, text);
                if (!Double.isNaN(fraction)) {
                    onFraction.accept(fraction);
                }
            }

            @Override
            public boolean cancelled() {
                return delegate.cancelled();
            }

            @Override
            public void onCancel(Runnable hook) {
                delegate.onCancel(hook);
            }
        };
    }

    private InvalidSpecException assertField(String field, String message, VmSpec spec) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> h.libvirt().validate(spec), field);
        assertEquals(field, e.field(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        assertFalse(e.getMessage().isBlank());
        return e;
    }

    private static VmSpec with(VmSpec s, long memoryKiB, int vcpus) {
        return new VmSpec(s.connection(), s.name(), s.os(), memoryKiB, vcpus, s.firmware(), s.install(), s.storage(),
                s.network(), s.diskBus(), s.nicModel(), s.start());
    }

    private Path randomFile(int bytes) throws IOException {
        Path file = Files.createTempFile("hangar-test-image", ".img");
        files.add(file);
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(bytes);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = bytes; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
        return file;
    }

    static void awaitPrompt(TestConsole console) throws IOException {
        long end = System.nanoTime() + BOOT.toNanos();
        while (!console.output().contains(PROMPT)) {
            if (System.nanoTime() > end) {
                fail("no '" + PROMPT + "' on the serial console within " + BOOT + "; it shows:\n" + console.output());
            }
            // The shell printed its first prompt before anyone listened: Enter asks for another.
            console.type("\r");
            try {
                console.expect(PROMPT, Duration.ofSeconds(5));
            } catch (AssertionError notYet) {
                // Still booting: ask again.
            }
        }
    }

    private static void serve(HttpServer server, String path, Path file) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if ("HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(Files.size(file)));
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
        });
    }

    /** Every domain and volume of the host's default pool whose name starts with {@code prefix}, sorted. */
    static List<String> hangarTestObjects(String uri, String prefix) {
        List<String> names = new ArrayList<>();
        for (String line : TinyGuest.virsh(uri, "list", "--all", "--name").split("\n")) {
            if (line.trim().startsWith(prefix)) {
                names.add("domain " + line.trim());
            }
        }
        for (String line : TinyGuest.virsh(uri, "vol-list", Daemon.POOL).split("\n")) {
            String volume = line.trim().split("\\s+")[0];
            if (volume.startsWith(prefix)) {
                names.add("volume " + volume);
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * A pool with a few MiB: scripts/test-env.sh's {@code hangar-test-tiny}, left as it is, or where that
     * is missing a transient dir pool on a tmpfs mounted here and gone again on close.
     */
    static final class TinyPool implements AutoCloseable {
        static final String SHARED = "hangar-test-tiny";
        final String name;
        final Path dir;

        private TinyPool(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        static TinyPool sharedOrMake(int mib) throws IOException {
            if (Daemon.run("virsh", "-q", "-c", Daemon.URI, "pool-info", SHARED).out().contains("running")) {
                return new TinyPool(SHARED, null);
            }
            return make(mib);
        }

        static TinyPool make(int mib) throws IOException {
            String name = Daemon.name("tiny");
            Path dir = Files.createTempDirectory("hangar-test-tiny");
            Daemon.Result mount = Daemon.run("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "hangar-test-tiny",
                    dir.toString());
            if (mount.code() != 0) {
                Files.deleteIfExists(dir);
                fail("cannot mount a tmpfs for the tiny pool (the tests run as root): " + mount.err());
            }
            Daemon.Result pool = Daemon.run("virsh", "-q", "-c", Daemon.URI, "pool-create-as", name, "dir", "--target",
                    dir.toString());
            if (pool.code() != 0) {
                Daemon.run("umount", dir.toString());
                Files.deleteIfExists(dir);
                fail("cannot make the tiny pool: " + pool.err());
            }
            return new TinyPool(name, dir);
        }

        @Override
        public void close() throws IOException {
            if (dir == null) {
                return;
            }
            Daemon.run("virsh", "-q", "-c", Daemon.URI, "pool-destroy", name);
            Daemon.run("umount", dir.toString());
            Files.deleteIfExists(dir);
        }
    }
}
