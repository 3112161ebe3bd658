package dev.hangar.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built distribution ({@code host/target/hangar}) as an operator has it: {@code bin/hangar}, its
 * bundled plugins, its {@code user} command. {@link #start} runs it as a process of the test.
 */
public record Distribution(Path home) {
    /**
     * The distribution named by the system property {@code hangar.distribution} (the poms set it to
     * host/target/hangar; {@code target/hangar} without it); fails saying how to build it.
     */
    public static Distribution built() {
        return at(Path.of(System.getProperty("hangar.distribution", "target/hangar")));
    }

    public static Distribution at(Path home) {
        Distribution distribution = new Distribution(home.toAbsolutePath().normalize());
        if (!Files.isExecutable(distribution.bin())) {
            throw new AssertionError("No distribution at " + distribution.home() + ": build it first with "
                    + "'mvn -pl host -am package -DskipTests' (host's verify packages it before its browser tests)");
        }
        return distribution;
    }

    public Path bin() {
        return home.resolve("bin/hangar");
    }

    /** The JAR of a bundled plugin module ({@code plugin-libvirt}, {@code plugin-example}) in plugins/. */
    public Path bundledPlugin(String module) throws IOException {
        String prefix = "hangar-" + module + "-";
        try (Stream<Path> plugins = Files.list(home.resolve("plugins"))) {
            return plugins.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("the distribution bundles no " + prefix + "*.jar in "
                            + home.resolve("plugins") + ": build " + module + ", then the host"));
        }
    }

    /** Runs {@code bin/hangar --data-dir DIR user add NAME --role ROLE}, the password on standard input. */
    public void addUser(Path dataDir, String name, String role, String password) throws IOException, InterruptedException {
        user(dataDir, password, "add", name, "--role", role);
    }

    /**
     * Runs {@code bin/hangar --data-dir DIR user ARGS...} as an administrator would, from a process of its
     * own, with {@code input} (may be null) as a line on standard input; returns its output.
     */
    public String user(Path dataDir, String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "user"));
        command.addAll(List.of(args));
        return run(input, command);
    }

    /** Runs {@code bin/hangar ARGS...} to its end with {@code input} (may be null) as a line on standard input. */
    public String run(String input, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin().toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write((input + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("bin/hangar " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    /**
     * Starts {@code bin/hangar ARGS...} with these extra environment variables, its output going to
     * {@code log}; does not wait: see {@link RunningHangar#awaitRunning()}.
     */
    public RunningHangar start(Path log, Map<String, String> environment, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(bin().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return new RunningHangar(process, log);
    }

    /** Starts {@code bin/hangar ARGS...} logging to {@code log} and waits until it serves. */
    public RunningHangar startAndAwait(Path log, String... args) throws IOException {
        RunningHangar hangar = start(log, Map.of(), List.of(args));
        hangar.awaitRunning();
        return hangar;
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
