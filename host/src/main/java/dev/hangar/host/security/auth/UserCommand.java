package dev.hangar.host.security.auth;

import dev.hangar.host.security.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar [--data-dir DIR] user add|passwd|remove NAME}: edits the users file of
 * {@code --auth file}. The password comes from a prompt (typed twice) or, when standard input is not a
 * terminal, from its first line, so that scripts can pipe it in; it is never an argument, which other
 * users could read in the process list.
 */
@Command(name = "user", description = "Manage the accounts of --auth file (the users file in the data folder).",
        mixinStandardHelpOptions = true)
public final class UserCommand {
    private final Supplier<Path> dataDir;
    private final PrintStream out;

    public UserCommand(Supplier<Path> dataDir, PrintStream out) {
        this.dataDir = dataDir;
        this.out = out;
    }

    @Command(name = "add", description = "Add a user; reads the password.", mixinStandardHelpOptions = true)
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--role", paramLabel = "ROLE", defaultValue = "viewer",
                    description = "administrator, operator or viewer (default: ${DEFAULT-VALUE}).") String role)
            throws IOException {
        Role parsed = Role.parse(role);
        UsersFile users = users();
        users.add(name, parsed, readPassword());
        out.println("added user '" + name + "' (" + parsed.id() + ") to " + users.path());
        return 0;
    }

    @Command(name = "passwd", description = "Set a user's password (reads it), and the role with --role.",
            mixinStandardHelpOptions = true)
    int passwd(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--role", paramLabel = "ROLE", description = "also change the role") String role)
            throws IOException {
        UsersFile users = users();
        users.update(name, readPassword(), role == null ? null : Role.parse(role));
        out.println("updated user '" + name + "' in " + users.path());
        return 0;
    }

    @Command(name = "remove", description = "Remove a user.", mixinStandardHelpOptions = true)
    int remove(@Parameters(paramLabel = "NAME") String name) throws IOException {
        UsersFile users = users();
        users.remove(name);
        out.println("removed user '" + name + "' from " + users.path());
        return 0;
    }

    private UsersFile users() {
        return new UsersFile(dataDir.get().resolve("users"));
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console == null) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line;
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Password again: ");
        try {
            if (first == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the passwords do not match");
            }
            return new String(first);
        } finally {
            Arrays.fill(first == null ? new char[0] : first, ' ');
            Arrays.fill(second == null ? new char[0] : second, ' ');
        }
    }
}
