package dev.hangar.host.security.auth;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.hangar.host.security.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hangar's own accounts: a text file of {@code name:role:argon2id-hash} lines, readable by its owner
 * only. Only hashes are stored; {@code hangar user add|passwd|remove} edits it.
 */
public final class UsersFile {
    /** OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane (about 150 ms here). */
    static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    private final Path file;

    public UsersFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** A stored account. */
    public record Entry(String name, Role role, String hash) {
    }

    /** Every account, by name, in file order; none when the file does not exist. */
    public Map<String, Entry> read() throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                throw new IOException(file + ":" + number + ": expected name:role:hash");
            }
            entries.put(fields[0], new Entry(fields[0], Role.parse(fields[1]), fields[2]));
        }
        return entries;
    }

    /** Adds an account; fails if the name is taken. */
    public void add(String name, Role role, String password) throws IOException {
        checkName(name);
        Map<String, Entry> entries = read();
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("user '" + name + "' exists already");
        }
        entries.put(name, new Entry(name, role, hash(password)));
        write(entries);
    }

    /** Sets a new password, and the role when one is given (null keeps it). */
    public void update(String name, String password, Role role) throws IOException {
        Map<String, Entry> entries = read();
        Entry old = existing(entries, name);
        entries.put(name, new Entry(name, role == null ? old.role() : role,
                password == null ? old.hash() : hash(password)));
        write(entries);
    }

    public void remove(String name) throws IOException {
        Map<String, Entry> entries = read();
        existing(entries, name);
        entries.remove(name);
        write(entries);
    }

    static String hash(String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        return ARGON2.hash(password).getResult();
    }

    static boolean matches(String password, String hash) {
        return Argon2Function.getInstanceFromHash(hash).check(password, hash);
    }

    private static Entry existing(Map<String, Entry> entries, String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
        return entry;
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid user name '" + name
                    + "': letters, digits, '_', '.', '-', starting with a letter or '_', at most 64");
        }
    }

    /** Writes a new file next to the old one and moves it over, so a reader never sees half a file. */
    private void write(Map<String, Entry> entries) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add("# Hangar users: name:role:argon2id hash. Edit with 'hangar user add|passwd|remove'.");
        for (Entry e : entries.values()) {
            lines.add(e.name() + ":" + e.role().id() + ":" + e.hash());
        }
        Path temp = Files.createTempFile(dir, ".users", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
