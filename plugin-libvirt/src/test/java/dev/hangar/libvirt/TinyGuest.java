package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The tiny TCG test guest of scripts/guest (a shell on its pty serial console, whose output is also
 * logged to a file) defined on the test daemon under a {@code hangar-test-…} name.
 */
final class TinyGuest {
    static final Path GUEST = Path.of("/var/lib/hangar-test/guest");
    static final Path LOGS = Path.of("/var/lib/hangar-test/logs");
    static final String READY = "HANGAR-GUEST-READY";
    static final Duration BOOT = Duration.ofSeconds(120);

    final String uri;
    final String name;
    final Path log;

    private TinyGuest(String uri, String name, Path log) {
        this.uri = uri;
        this.name = name;
        this.log = log;
    }

    /** Defines the guest on the machine's daemon (not started); the daemon's cleanUp removes it. */
    static TinyGuest define(Daemon daemon, String what) throws IOException {
        TinyGuest guest = on(Daemon.URI, what);
        daemon.own(guest.name);
        return guest;
    }

    /** Defines the guest on the daemon of {@code uri} (not started); {@link #remove} removes it. */
    static TinyGuest on(String uri, String what) throws IOException {
        Path template = GUEST.resolve("domain-template.xml");
        for (Path file : new Path[]{template, GUEST.resolve("vmlinuz"), GUEST.resolve("initrd.img")}) {
            if (!Files.isRegularFile(file)) {
                fail("The tiny test guest is missing (" + file + "); scripts/test-env.sh builds it.");
            }
        }
        String xml = Files.readString(template);
        if (!xml.contains("<serial type='pty'>")) {
            fail("The tiny test guest at " + GUEST + " has no pty serial console (an old build); scripts/test-env.sh"
                    + " rebuilds it.");
        }
        String name = Daemon.name(what);
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(name + ".log");
        Path file = Files.createTempFile("hangar-test-guest", ".xml");
        try {
            Files.writeString(file, xml.replace("NAME", name).replace("LOGFILE", log.toString()));
            virsh(uri, "define", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
        return new TinyGuest(uri, name, log);
    }

    /** Forces it off and undefines it, when it is there, and deletes its log. */
    void remove() throws IOException {
        if (Daemon.run("virsh", "-q", "-c", uri, "domstate", name).code() == 0) {
            Daemon.run("virsh", "-q", "-c", uri, "destroy", name);
            virsh(uri, "undefine", name);
        }
        deleteLog();
    }

    static String virsh(String uri, String... args) {
        String[] command = new String[args.length + 4];
        command[0] = "virsh";
        command[1] = "-q";
        command[2] = "-c";
        command[3] = uri;
        System.arraycopy(args, 0, command, 4, args.length);
        Daemon.Result result = Daemon.run(command);
        if (result.code() != 0) {
            fail(String.join(" ", command) + " failed (" + result.code() + "): " + result.err().trim());
        }
        return result.out();
    }

    /** Starts it and waits until it is up (its shell on ttyS0 is then reading). */
    void startAndAwaitReady() throws IOException {
        virsh(uri, "start", name);
        awaitLog(READY);
    }

    void awaitLog(String marker) throws IOException {
        try {
            Waiting.await("'" + marker + "' in " + log, BOOT).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(log) && Files.readString(log).contains(marker));
        } catch (ConditionTimeoutException e) {
            fail("The guest's serial log " + log + " did not show '" + marker + "' within " + BOOT + "; it shows:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(nothing)"));
        }
    }

    void deleteLog() throws IOException {
        Files.deleteIfExists(log);
    }
}
