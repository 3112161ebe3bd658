package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real libvirtd for the integration tests, driven with {@code virsh} as an operator would. It
 * sets nothing up: scripts/test-env.sh starts the daemons and defines pool {@code default}. Every
 * domain and volume made here is named {@code hangar-test-…} and removed by {@link #cleanUp()}.
 */
final class Daemon {
    static final String URI = "qemu:///system";
    static final String POOL = "default";
    private static final String SETUP = "scripts/test-env.sh starts libvirtd (and virtlogd) and defines pool 'default'";

    private final List<String> domains = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

    /** Fails the test, saying what is missing and what provides it, when the daemon does not answer. */
    static Daemon require() {
        if (!ProviderOptions.reachable(ProviderOptions.SYSTEM_SOCKET)) {
            fail("libvirtd does not answer on " + ProviderOptions.SYSTEM_SOCKET + ": " + SETUP + ".");
        }
        Result pool = run("virsh", "-q", "-c", URI, "pool-info", POOL);
        if (pool.code != 0 || !pool.out.contains("running")) {
            fail("libvirt storage pool '" + POOL + "' is missing or not running (" + pool.err.trim() + "): " + SETUP
                    + ".");
        }
        return new Daemon();
    }

    /** A fresh name with the tests' prefix. */
    static String name(String what) {
        return "hangar-test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** virsh on the system connection; fails the test when it fails. */
    static String virsh(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", URI));
        command.addAll(List.of(args));
        Result result = run(command.toArray(String[]::new));
        if (result.code != 0) {
            fail(String.join(" ", command) + " failed (" + result.code + "): " + result.err.trim());
        }
        return result.out;
    }

    static boolean virshSucceeds(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", URI));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new)).code == 0;
    }

    /** Creates a qcow2 volume in pool default and returns its path. */
    String volume(String name, String size) {
        virsh("vol-create-as", POOL, name, size, "--format", "qcow2");
        volumes.add(name);
        return virsh("vol-path", "--pool", POOL, name).trim();
    }

    /** Defines a domain (type qemu, no OS: it boots into firmware and idles) with the given volumes as vda, vdb, … */
    String defineWithDisks(String name, List<String> paths) {
        StringBuilder disks = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            disks.append("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='")
                    .append(paths.get(i)).append("'/><target dev='vd").append((char) ('a' + i))
                    .append("' bus='virtio'/></disk>");
        }
        return define(name, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type><boot dev='hd'/></os><features><acpi/></features><devices>" + disks
                + "<interface type='network'><source network='isolated'/><model type='virtio'/></interface>"
                + "<graphics type='vnc' listen='127.0.0.1' autoport='yes'/></devices></domain>");
    }

    /** Defines a domain from XML with virsh and returns its name. */
    String define(String name, String xml) {
        domains.add(name);
        try {
            Path file = Files.createTempFile("hangar-test-domain", ".xml");
            try {
                Files.writeString(file, xml);
                virsh("define", file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            fail("cannot write a domain definition: " + e);
        }
        return name;
    }

    /** Remembers a domain made some other way, so that it is cleaned up too. */
    void own(String domain) {
        domains.add(domain);
    }

    boolean volumeExists(String name) {
        return virshSucceeds("vol-info", "--pool", POOL, name);
    }

    boolean domainExists(String name) {
        return virshSucceeds("dominfo", name);
    }

    /** Removes this test's domains and volumes, and only those. */
    void cleanUp() {
        for (String domain : domains) {
            if (virshSucceeds("domstate", domain)) {
                virshSucceeds("destroy", domain);
                virshSucceeds("undefine", domain, "--managed-save", "--snapshots-metadata");
            }
        }
        for (String volume : volumes) {
            if (volumeExists(volume)) {
                virshSucceeds("vol-delete", "--pool", POOL, volume);
            }
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            fail("cannot run " + String.join(" ", command) + " (is libvirt-clients installed? " + SETUP + "): " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
