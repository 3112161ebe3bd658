package dev.hangar.host.browser;

import dev.hangar.testsupport.Distribution;
import dev.hangar.testsupport.Folders;
import dev.hangar.testsupport.RunningHangar;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built distribution on a copy of a libvirt test-driver fixture, with only the libvirt plugin,
 * a data folder of its own and sign-in from the users file (the first-start administrator "admin"
 * and its one-time password). Deletes its folder when closed.
 */
final class DemoHangar implements AutoCloseable {
    final RunningHangar process;
    final String url;
    final String password;
    private final Path dir;

    private DemoHangar(Path dir, RunningHangar process) {
        this.dir = dir;
        this.process = process;
        this.url = process.url();
        this.password = process.oneTimePassword();
    }

    /** Starts it on a copy of the fixture resource, with these extra options, and waits until it serves. */
    static DemoHangar start(String fixtureResource, String... options) throws Exception {
        Distribution distribution = Distribution.built();
        Path dir = Files.createTempDirectory("hangar-browser-test");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path libvirt = distribution.bundledPlugin("plugin-libvirt");
        Files.copy(libvirt, plugins.resolve(libvirt.getFileName()));
        Path fixture = dir.resolve("host.xml");
        try (InputStream in = DemoHangar.class.getResourceAsStream(fixtureResource)) {
            Files.copy(in, fixture);
        }
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(Distribution.freePort()),
                "--bind", "127.0.0.1", "--plugins-dir", plugins.toString(), "--data-dir", dir.resolve("data").toString(),
                "--libvirt-uri", "test://" + fixture, "--auth", "file"));
        args.addAll(List.of(options));
        RunningHangar process = distribution.startAndAwait(dir.resolve("hangar.log"), args.toArray(String[]::new));
        return new DemoHangar(dir, process);
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
