package dev.hangar.host.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Unix account for PAM tests: a group, a user without home in it, its password, and a
 * dedicated PAM service file as the README describes; all removed on close. Needs root.
 */
public final class UnixTestAccount implements AutoCloseable {
    /** The service file the README tells administrators to install as /etc/pam.d/hangar. */
    static final String SERVICE_FILE = "auth    required pam_unix.so nodelay\naccount required pam_unix.so\n";

    private final String user;
    private final String group;
    private final String password;
    private final String service;
    private final Path serviceFile;

    private UnixTestAccount(String suffix) {
        this.user = "hangar-test-" + suffix;
        this.group = "hangar-tg-" + suffix;
        this.password = "pw-" + UUID.randomUUID();
        this.service = "hangar-test-" + suffix;
        this.serviceFile = Path.of("/etc/pam.d", service);
    }

    public String user() {
        return user;
    }

    /** A group of its own, for testing the group-to-role mapping. */
    public String group() {
        return group;
    }

    public String password() {
        return password;
    }

    /** The PAM service name (a file in /etc/pam.d). */
    public String service() {
        return service;
    }

    public static UnixTestAccount create() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("PAM tests create a Unix user and a PAM service: run them as root");
        }
        UnixTestAccount account = new UnixTestAccount(UUID.randomUUID().toString().substring(0, 8));
        try {
            run(List.of("groupadd", account.group), null);
            run(List.of("useradd", "-M", "-G", account.group, account.user), null);
            run(List.of("chpasswd"), account.user + ":" + account.password + "\n");
            Files.writeString(account.serviceFile, SERVICE_FILE, StandardCharsets.US_ASCII);
        } catch (Exception | AssertionError e) {
            account.close();
            throw e;
        }
        return account;
    }

    /** Takes the user out of its group, as an administrator would ({@code gpasswd -d}). */
    public void leaveGroup() throws Exception {
        run(List.of("gpasswd", "-d", user, group), null);
    }

    /** Removes the user (the group and the service file stay until {@link #close()}). */
    public void removeUser() throws Exception {
        run(List.of("userdel", user), null);
    }

    @Override
    public void close() throws Exception {
        Files.deleteIfExists(serviceFile);
        runQuietly(List.of("userdel", user));
        runQuietly(List.of("groupdel", group));
    }

    private static void run(List<String> command, String input) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is missing (package passwd): " + e.getMessage(), e);
        }
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void runQuietly(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // Nothing was created if the tool is missing.
        }
    }
}
