package dev.hangar.host.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real distribution ({@code target/hangar/bin/hangar}) started as a child process on a free
 * loopback port, with only the libvirt plugin, on a test-driver fixture, with its own data folder.
 * Stopped by its PID.
 */
final class HangarProcess implements AutoCloseable {
    private static final Pattern PASSWORD = Pattern.compile("Its password, shown only this once: (\\S+)");
    private static final Pattern URL = Pattern.compile("Hangar is running at (\\S+)");

    final Path dir;
    final String url;
    final String password;
    private final Process process;

    private HangarProcess(Path dir, Process process, String url, String password) {
        this.dir = dir;
        this.process = process;
        this.url = url;
        this.password = password;
    }

    /**
     * Starts Hangar on a copy of the fixture, with these extra options; fails with what to do when the
     * distribution is not built.
     */
    static HangarProcess start(String fixtureResource, String... options) throws Exception {
        Path distribution = Path.of(System.getProperty("hangar.distribution", "target/hangar")).toAbsolutePath();
        Path script = distribution.resolve("bin/hangar");
        if (!Files.isExecutable(script)) {
            throw new AssertionError("No distribution at " + distribution + ": run 'mvn -f host/pom.xml verify' "
                    + "(it packages target/hangar before the browser tests)");
        }
        Path libvirtJar;
        try (Stream<Path> plugins = Files.list(distribution.resolve("plugins"))) {
            libvirtJar = plugins.filter(p -> p.getFileName().toString().startsWith("hangar-plugin-libvirt-"))
                    .findFirst().orElseThrow(() -> new AssertionError("The distribution has no libvirt plugin in "
                            + distribution.resolve("plugins") + ": build plugin-libvirt, then the host"));
        }
        Path dir = Files.createTempDirectory("hangar-browser-test");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(libvirtJar, plugins.resolve(libvirtJar.getFileName()));
        Path fixture = dir.resolve("host.xml");
        try (var in = HangarProcess.class.getResourceAsStream(fixtureResource)) {
            Files.copy(in, fixture);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("hangar.log");
        List<String> command = new ArrayList<>(List.of(script.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--plugins-dir", plugins.toString(), "--data-dir", dir.resolve("data").toString(),
                "--libvirt-uri", "test://" + fixture, "--auth", "file"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String url = null;
        String password = null;
        while (url == null) {
            String output = Files.readString(log);
            Matcher m = URL.matcher(output);
            Matcher p = PASSWORD.matcher(output);
            if (m.find()) {
                url = m.group(1);
            }
            if (p.find()) {
                password = p.group(1);
            }
            if (!process.isAlive()) {
                throw new AssertionError("Hangar exited with " + process.exitValue() + ":\n" + output);
            }
            if (System.nanoTime() > deadline) {
                process.destroy();
                throw new AssertionError("Hangar did not start within 60 s:\n" + output);
            }
            Thread.sleep(100);
        }
        if (password == null) {
            process.destroy();
            throw new AssertionError("Hangar printed no first-start password:\n" + Files.readString(log));
        }
        return new HangarProcess(dir, process, url, password);
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("hangar.log"));
    }

    @Override
    public void close() throws Exception {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
