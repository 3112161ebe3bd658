package dev.hangar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The extra libvirt hosts that scripts/test-env.sh starts on this machine (scripts/extra-hosts.sh):
 * libvirtds in network and mount namespaces of their own, each reached as {@code qemu+tcp://ADDRESS/system}
 * and listed one per line in {@link #LIST}. A test that needs one fails, saying how to get them, when
 * they are missing or do not answer; it never skips.
 */
public final class ExtraHosts {
    public static final Path LIST = Path.of("/run/hangar-test/extra-hosts");
    /** Each host's folder, {@code hN}: its URI, PID files, configuration and the command that starts it again. */
    public static final Path STATE = Path.of("/var/lib/hangar-test/hosts");
    private static final String SETUP = "run scripts/test-env.sh as root, which starts them with scripts/extra-hosts.sh";
    private static final Duration DAEMON_WAIT = Duration.ofSeconds(30);

    private ExtraHosts() {
    }

    /** One extra host; {@code state} is its folder in {@link #STATE}. */
    public record Host(String uri, Path state) {
        /** The PID file of this host's libvirtd (not the machine's {@code /run/libvirtd.pid}). */
        public Path pidFile() {
            return state.resolve("libvirtd.pid");
        }

        /** What this host's libvirtd sees as {@code /etc/libvirt/qemu}: its domain definitions. */
        public Path qemuConfig() {
            return state.resolve("etc/qemu");
        }

        public boolean answers() {
            return run(List.of("virsh", "-q", "-c", uri, "version"), Duration.ofSeconds(10)).code() == 0;
        }

        /** Ends this host's libvirtd by its PID file (SIGTERM) and waits until it is gone; its guests keep running. */
        public void stopDaemon() {
            long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile()).trim());
            } catch (IOException | NumberFormatException e) {
                throw new AssertionError("Cannot read " + pidFile() + " of the extra host " + uri + " (" + e
                        + "); " + SETUP);
            }
            ProcessHandle process = ProcessHandle.of(pid)
                    .filter(p -> p.info().command().orElse("").endsWith("/libvirtd"))
                    .orElseThrow(() -> new AssertionError(pidFile() + " names " + pid
                            + ", which is not a running libvirtd; " + SETUP));
            process.destroy();
            try {
                process.onExit().get(DAEMON_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("libvirtd of " + uri + " (pid " + pid + ") did not end within "
                        + DAEMON_WAIT.toSeconds() + " s of SIGTERM");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for libvirtd " + pid + " to end", e);
            }
        }

        /** Starts this host's libvirtd again, in its namespaces, and returns once it answers. */
        public void startDaemon() {
            Path command = state.resolve("start-libvirtd");
            Result started = run(List.of(command.toString()), Duration.ofSeconds(90));
            if (started.code() != 0) {
                throw new AssertionError(command + " failed (" + started.code() + "): " + started.output());
            }
        }
    }

    /** The first extra host: for tests that need a host other than the machine's. */
    public static Host require() {
        return require(1).get(0);
    }

    /**
     * The last extra host (the second with scripts/test-env.sh's two): for tests that stop and restart
     * its daemon, so that tests running beside them on the first host are not disturbed.
     */
    public static Host requireLastForRestarts() {
        List<Host> hosts = require(Math.max(1, listed().size()));
        return hosts.get(hosts.size() - 1);
    }

    /** The first {@code count} extra hosts, each answering. */
    public static List<Host> require(int count) {
        if (!Files.isRegularFile(LIST)) {
            throw new AssertionError("This test needs " + count + " extra libvirt host(s), but " + LIST
                    + " does not exist: " + SETUP + ".");
        }
        List<String> uris = listed();
        if (uris.size() < count) {
            throw new AssertionError("This test needs " + count + " extra libvirt host(s), " + LIST + " lists "
                    + uris.size() + ": run HANGAR_EXTRA_HOSTS=" + count + " scripts/test-env.sh as root.");
        }
        List<Host> hosts = new ArrayList<>();
        for (String uri : uris.subList(0, count)) {
            Host host = new Host(uri, stateOf(uri));
            if (!host.answers()) {
                throw new AssertionError("The extra libvirt host " + uri + " (listed in " + LIST
                        + ") does not answer; see scripts/extra-hosts.sh status, or " + SETUP + ".");
            }
            hosts.add(host);
        }
        return hosts;
    }

    /** The URIs in {@link #LIST}; none when it is missing. */
    private static List<String> listed() {
        if (!Files.isRegularFile(LIST)) {
            return List.of();
        }
        try {
            return Files.readAllLines(LIST).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder whose {@code uri} file names this URI. */
    private static Path stateOf(String uri) {
        try (Stream<Path> folders = Files.isDirectory(STATE) ? Files.list(STATE) : Stream.empty()) {
            for (Path folder : folders.sorted().toList()) {
                Path file = folder.resolve("uri");
                if (Files.isRegularFile(file) && Files.readString(file).strip().equals(uri)) {
                    return folder;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("No folder in " + STATE + " belongs to the extra host " + uri + " (listed in "
                + LIST + "): " + SETUP + ".");
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command, Duration limit) {
        Path output = null;
        try {
            // A file, not a pipe: a daemon the command starts must not keep the test waiting for EOF.
            output = Files.createTempFile("hangar-extra-hosts", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + " (" + e + "); " + SETUP, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a leftover temporary file is no reason to fail a test
                }
            }
        }
    }
}
