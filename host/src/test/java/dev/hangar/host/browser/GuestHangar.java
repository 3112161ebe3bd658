package dev.hangar.host.browser;

import dev.hangar.testsupport.Distribution;
import dev.hangar.testsupport.Folders;
import dev.hangar.testsupport.JavaHeap;
import dev.hangar.testsupport.RunningHangar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The built distribution on the real libvirtd ({@value #SYSTEM}, and any further connections given),
 * with only the libvirt plugin, a data folder of its own and sign-in from the users file: an operator
 * and a viewer made with {@code bin/hangar user add} before it starts. Deletes its folder when closed.
 */
final class GuestHangar implements AutoCloseable {
    static final String SYSTEM = "qemu:///system";
    static final String OPERATOR = "operator1";
    static final String VIEWER = "viewer1";

    final RunningHangar process;
    final String url;
    /** Both accounts' password (random per run). */
    final String password;
    private final Path dir;

    private GuestHangar(Path dir, RunningHangar process, String password) {
        this.dir = dir;
        this.process = process;
        this.url = process.url();
        this.password = password;
    }

    /** Starts it on qemu:///system and {@code extraUris}, with these environment variables, and waits until it serves. */
    static GuestHangar start(List<String> extraUris, Map<String, String> environment, String... options) throws Exception {
        Distribution distribution = Distribution.built();
        Path dir = Files.createTempDirectory("hangar-guest-console-test");
        try {
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            Path libvirt = distribution.bundledPlugin("plugin-libvirt");
            Files.copy(libvirt, plugins.resolve(libvirt.getFileName()));
            Path data = dir.resolve("data");
            String password = UUID.randomUUID().toString();
            distribution.addUser(data, OPERATOR, "operator", password);
            distribution.addUser(data, VIEWER, "viewer", password);
            List<String> args = new ArrayList<>(List.of("--port", String.valueOf(Distribution.freePort()),
                    "--bind", "127.0.0.1", "--plugins-dir", plugins.toString(), "--data-dir", data.toString(),
                    "--auth", "file", "--libvirt-uri", SYSTEM));
            for (String uri : extraUris) {
                args.addAll(List.of("--libvirt-uri", uri));
            }
            args.addAll(List.of(options));
            RunningHangar process = distribution.start(dir.resolve("hangar.log"), environment, args);
            process.awaitRunning();
            return new GuestHangar(dir, process, password);
        } catch (Exception | AssertionError e) {
            Folders.delete(dir);
            throw e;
        }
    }

    /** The host's live heap in MiB (after a full collection). */
    double heapAfterGcMiB() throws IOException, InterruptedException {
        return JavaHeap.liveMiB(process.pid());
    }

    String log() {
        return process.log();
    }

    @Override
    public void close() throws Exception {
        try {
            process.close();
        } finally {
            Folders.delete(dir);
        }
    }
}
