package dev.hangar.host.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built distribution ({@code bin/hangar}) running as a process of the test, stopped by its PID. */
final class RunningHangar implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("Hangar is running at (\\S+)");

    final String url;
    private final Process process;
    private final StringBuffer output;

    private RunningHangar(Process process, StringBuffer output, String url) {
        this.process = process;
        this.output = output;
        this.url = url;
    }

    static Path distribution() {
        String dir = System.getProperty("hangar.distribution");
        if (dir == null || !Files.isExecutable(Path.of(dir, "bin", "hangar"))) {
            throw new AssertionError("no distribution at " + dir + ": run these tests with 'mvn -f host/pom.xml verify'");
        }
        return Path.of(dir);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code bin/hangar ARGS} and waits until it says where it serves. */
    static RunningHangar start(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(distribution().resolve("bin/hangar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("(output lost: ").append(e.getMessage()).append(")\n");
            }
        }, "hangar-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher running = RUNNING.matcher(output);
            if (running.find()) {
                return new RunningHangar(process, output, running.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("bin/hangar exited with " + process.exitValue() + ":\n" + output);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("bin/hangar did not start within 120 s:\n" + output);
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
