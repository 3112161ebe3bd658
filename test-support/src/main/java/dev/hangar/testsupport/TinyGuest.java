package dev.hangar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One tiny TCG test guest (scripts/guest, built by scripts/test-env.sh into /var/lib/hangar-test/guest or
 * {@code HANGAR_GUEST_DIR}, as scripts/guest/build.sh has it) defined on a
 * libvirt connection with {@code virsh}, as an operator would: its serial output is also logged to a
 * file of its own, which the tests read for the guest's markers. {@link #close()} destroys and
 * undefines it and deletes its log, also when the test failed; only names with the caller's prefix
 * ({@code hangar-test-}, the harness's {@code hangar-bench-}) are ever made.
 */
public final class TinyGuest implements AutoCloseable {
    public static final Path DIR = Path.of(System.getenv().getOrDefault("HANGAR_GUEST_DIR", "/var/lib/hangar-test/guest"));
    public static final Path LOGS = Path.of("/var/lib/hangar-test/logs");
    /** Printed on the serial console once the guest's init is up (again after every boot). */
    public static final String READY = "HANGAR-GUEST-READY";
    /** Printed by the guest's init when it receives Ctrl+Alt+Del (the kernel's SIGINT to PID 1). */
    public static final String CTRL_ALT_DEL = "HANGAR-GUEST-CTRL-ALT-DEL";
    /** scripts/guest/build.sh measured up to 50 s to READY on a loaded machine: 120 s is the tests' limit. */
    public static final Duration BOOT = Duration.ofSeconds(120);
    /** virtlogd's default max_backups: LOG.0, LOG.1, LOG.2 beside LOG. */
    private static final int ROTATED = 3;

    private final String uri;
    private final String name;
    private final Path log;

    private TinyGuest(String uri, String name, Path log) {
        this.uri = uri;
        this.name = name;
        this.log = log;
    }

    /** Defines a shut-off guest {@code hangar-test-WHAT-xxxxxxxx} on {@code uri}; fails saying what is missing. */
    public static TinyGuest define(String uri, String what) {
        return define(uri, "hangar-test-", what);
    }

    /** The same with another prefix of the caller's own (it must end with '-'). */
    public static TinyGuest define(String uri, String prefix, String what) {
        return define(uri, prefix, what, null);
    }

    /**
     * A guest {@code hangar-test-WHAT-xxxxxxxx} whose VNC display asks for {@code vncPassword} (libvirt's
     * {@code passwd} attribute: QEMU's VNC authentication, at most 8 characters count).
     */
    public static TinyGuest defineWithVncPassword(String uri, String what, String vncPassword) {
        return define(uri, "hangar-test-", what, vncPassword);
    }

    private static TinyGuest define(String uri, String prefix, String what, String vncPassword) {
        Path template = DIR.resolve("domain-template.xml");
        for (Path file : List.of(template, DIR.resolve("vmlinuz"), DIR.resolve("initrd.img"))) {
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("The tiny test guest is missing (" + file + "); scripts/test-env.sh builds it.");
            }
        }
        String name = prefix + what + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = LOGS.resolve(name + ".log");
        TinyGuest guest = new TinyGuest(uri, name, log);
        try {
            Files.createDirectories(LOGS);
            Path xml = Files.createTempFile("hangar-guest", ".xml");
            try {
                String domain = Files.readString(template).replace("NAME", name).replace("LOGFILE", log.toString());
                if (vncPassword != null) {
                    String graphics = "<graphics type='vnc'";
                    if (!domain.contains(graphics) || !vncPassword.matches("[A-Za-z0-9]+")) {
                        throw new AssertionError("no VNC graphics in " + template + " for a password, or a password"
                                + " that is not plain letters and digits: " + vncPassword);
                    }
                    domain = domain.replace(graphics, graphics + " passwd='" + vncPassword + "'");
                }
                Files.writeString(xml, domain);
                guest.virsh("define", xml.toString());
            } finally {
                Files.deleteIfExists(xml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot define the tiny guest " + name, e);
        }
        return guest;
    }

    public String name() {
        return name;
    }

    public String uri() {
        return uri;
    }

    public Path log() {
        return log;
    }

    public void start() {
        virsh("start", name);
    }

    /** {@code virsh -c URI ARGS...}; fails with virsh's own message when it fails; returns its output. */
    public String virsh(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        Result result = run(command);
        if (result.code() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.code() + "): " + result.output().trim());
        }
        return result.output();
    }

    /**
     * What the guest wrote to its serial console so far, as far as libvirt's virtlogd keeps it: it rotates
     * the log at 2 MiB into LOG.0 … LOG.2 (its max_size and max_backups), so this is at most the last 8 MiB.
     */
    public String serialLog() {
        StringBuilder text = new StringBuilder();
        try {
            for (Path part : logParts()) {
                text.append(Files.readString(part, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** How many bytes of its serial output the log files hold (see {@link #serialLog()}: at most about 8 MiB). */
    public long serialBytes() {
        long bytes = 0;
        try {
            for (Path part : logParts()) {
                bytes += Files.size(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    /** The log and its rotated parts that exist, oldest first. */
    private List<Path> logParts() {
        List<Path> parts = new ArrayList<>();
        for (int i = ROTATED - 1; i >= 0; i--) {
            parts.add(log.resolveSibling(log.getFileName() + "." + i));
        }
        parts.add(log);
        return parts.stream().filter(Files::isRegularFile).toList();
    }

    /** Waits until its serial log holds {@code marker} at least {@code times} times; the failure shows the log's end. */
    public void awaitLog(String marker, int times, Duration limit) {
        try {
            Waiting.await("'" + marker + "' " + times + " time(s) in the serial log of " + name, limit)
                    .pollInterval(Duration.ofMillis(200)).until(() -> occurrences(serialLog(), marker) >= times);
        } catch (ConditionTimeoutException e) {
            String text = serialLog();
            throw new AssertionError("The serial log " + log + " did not show '" + marker + "' " + times + " time(s) within "
                    + limit.toSeconds() + " s; it ends with:\n" + text.substring(Math.max(0, text.length() - 4000)), e);
        }
    }

    public static int occurrences(String text, String marker) {
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            count++;
        }
        return count;
    }

    /** Destroys (when running) and undefines it, and deletes its log and the log's rotated parts. */
    @Override
    public void close() {
        List<String> base = List.of("virsh", "-q", "-c", uri);
        if (run(concat(base, "domstate", name)).code() == 0) {
            run(concat(base, "destroy", name));
            run(concat(base, "undefine", name, "--managed-save", "--snapshots-metadata"));
        }
        try {
            for (Path part : logParts()) {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> base, String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        return all;
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command)
                    + " (libvirt-clients missing? scripts/test-env.sh installs it): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
