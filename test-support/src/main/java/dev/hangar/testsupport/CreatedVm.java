package dev.hangar.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A VM that a test has Hangar create on a libvirt connection, named with the caller's prefix
 * ({@code hangar-test-}, the harness's {@code hangar-bench-}); {@link #close()} destroys and undefines
 * it and deletes the volumes of {@code pool} whose names start with its name (what a creation makes
 * there), also when the creation failed halfway or never ran. Nothing else is touched.
 */
public final class CreatedVm implements AutoCloseable {
    private final String uri;
    private final String name;
    private final String pool;

    public CreatedVm(String uri, String name, String pool) {
        if (!name.startsWith("hangar-test-") && !name.startsWith("hangar-bench-")) {
            throw new IllegalArgumentException("tests make only hangar-test-* and hangar-bench-* VMs, not " + name);
        }
        this.uri = uri;
        this.name = name;
        this.pool = pool;
    }

    public String name() {
        return name;
    }

    /** {@code virsh -c URI ARGS...}; fails with virsh's own message; returns its output. */
    public String virsh(String... args) {
        Result result = run(args);
        if (result.code() != 0) {
            throw new AssertionError("virsh -c " + uri + " " + String.join(" ", args) + " failed (" + result.code() + "): "
                    + result.output().trim());
        }
        return result.output();
    }

    /** Whether libvirt knows the domain. */
    public boolean defined() {
        return run("domstate", name).code() == 0;
    }

    /** {@code virsh domstate}, trimmed ("running", "shut off"). */
    public String state() {
        return virsh("domstate", name).trim();
    }

    public String dumpxml() {
        return virsh("dumpxml", name);
    }

    /** The names of the pool's volumes that start with the VM's name. */
    public List<String> volumes() {
        return names(virsh("vol-list", "--pool", pool));
    }

    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        if (defined()) {
            run("destroy", name);
            Result undefined = run("undefine", name, "--managed-save", "--snapshots-metadata", "--nvram");
            if (undefined.code() != 0 && run("undefine", name, "--managed-save", "--snapshots-metadata").code() != 0) {
                problems.add("undefine: " + undefined.output().trim());
            }
        }
        Result listed = run("vol-list", "--pool", pool);
        if (listed.code() != 0) {
            problems.add("vol-list: " + listed.output().trim());
        } else {
            for (String volume : names(listed.output())) {
                Result deleted = run("vol-delete", "--pool", pool, volume);
                if (deleted.code() != 0) {
                    problems.add("vol-delete " + volume + ": " + deleted.output().trim());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("could not remove all of " + name + " on " + uri + ": " + problems);
        }
    }

    /** The volumes of a {@code virsh -q vol-list} listing ("NAME  PATH" lines) whose names start with the VM's name. */
    private List<String> names(String listing) {
        return listing.lines().map(String::strip).filter(line -> !line.isEmpty()).map(line -> line.split("\\s+")[0])
                .filter(volume -> volume.startsWith(name)).toList();
    }

    private record Result(int code, String output) {
    }

    private Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
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
