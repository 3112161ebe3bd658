package dev.hangar.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real distribution ({@code bin/hangar}) as a child process with plugins that try to end it: one
 * that calls {@code System.exit} in init, one that kills the process outright while it starts, and
 * one whose {@code close()} blocks for good. The host keeps serving, comes back with the culprit
 * quarantined, and still ends on SIGTERM.
 */
class PluginExitProcessIT {
    @TempDir
    Path temp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatStarted() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPluginThatCallsSystemExitLeavesTheHostServingAndABlockedCloseDoesNotStopSigterm() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        TestProvider.named("exiter").with("init", "System.exit(3); return CompletableFuture.completedFuture(true);")
                .jar("exiter").writeTo(plugins, "exiter.jar");
        TestProvider.named("stuck").with("init", "return new CompletableFuture<>();")
                .with("close", TestProvider.CLOSE_BLOCKS_FOR_GOOD).jar("stuck").writeTo(plugins, "stuck.jar");
        Running hangar = start(plugins, temp.resolve("data"), "--option", "plugin-init-timeout=1s",
                "--option", "plugin-call-timeout=1s");

        // The listener's or the refused init's line: whichever reports first, both say so.
        hangar.awaitLog("tried to end the host process");
        hangar.awaitLog("close() of provider 'stuck' did not return within 1 s");
        assertEquals(200, hangar.get(), "it keeps serving");
        assertTrue(hangar.process.isAlive());

        hangar.process.destroy();  // SIGTERM
        assertTrue(hangar.process.waitFor(30, TimeUnit.SECONDS), "SIGTERM ends it despite the blocked plugin thread:\n"
                + hangar.log());
    }

    @Test
    void aPluginDuringWhoseStartTheProcessDiedIsQuarantinedAtTheNextStart() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        TestProvider.named("good").jar("good").writeTo(plugins, "good.jar");
        // No exit to refuse: a kill -9 of its own process, as a crash in native code would end it.
        TestProvider.named("killer").with("init", """
                try {
                    new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return new CompletableFuture<>();""").jar("killer").writeTo(plugins, "killer.jar");
        Path data = temp.resolve("data");
        Process first = launch(plugins, data, temp.resolve("first.log"));
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the plugin killed it");
        assertFalse(first.isAlive());

        Running again = start(plugins, data);

        again.awaitLog("plugin killer is not started: quarantined: the host process ended while this plugin was starting");
        assertEquals(200, again.get(), "it serves");
        assertTrue(Files.exists(data.resolve("plugin-starts/killer.quarantined")));
        assertTrue(again.process.isAlive());
    }

    /** A started process, its log and its URL. */
    private record Running(Process process, Path logFile, String url) {
        String log() throws IOException {
            return Files.readString(logFile);
        }

        void awaitLog(String text) throws Exception {
            Hosts.await(() -> {
                try {
                    return log().contains(text) || !process.isAlive();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "'" + text + "' in the log", Duration.ofSeconds(90));
            assertTrue(log().contains(text), () -> "not in the log of a process that ended:\n" + logOrError());
        }

        int get() throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        private String logOrError() {
            try {
                return log();
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    private Running start(Path plugins, Path data, String... more) throws Exception {
        Path log = temp.resolve("hangar-" + started.size() + ".log");
        int port = freePort();
        Process process = launch(plugins, data, log, port, more);
        Running running = new Running(process, log, "http://127.0.0.1:" + port + "/");
        running.awaitLog("Hangar is running at");
        return running;
    }

    private Process launch(Path plugins, Path data, Path log) throws IOException {
        return launch(plugins, data, log, freePort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process launch(Path plugins, Path data, Path log, int port, String... more) throws IOException {
        Path distribution = Path.of(System.getProperty("hangar.distribution", "target/hangar"));
        Path script = distribution.resolve("bin/hangar");
        assertTrue(Files.isExecutable(script), "build the distribution first (mvn -pl host -am package): " + script);
        List<String> command = new ArrayList<>(List.of(script.toString(), "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--plugins-dir", plugins.toString(), "--data-dir", data.toString(), "--auth", "file"));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }
}
