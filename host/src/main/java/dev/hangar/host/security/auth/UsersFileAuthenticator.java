package dev.hangar.host.security.auth;

import dev.hangar.host.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs in against the {@link UsersFile}. The file is read again whenever it changed (another
 * process, {@code hangar user}, edits it), so that new passwords, roles and removals apply at once.
 */
public final class UsersFileAuthenticator implements Authenticator {
    /**
     * Checked for unknown users, so that they cost the same argon2 work as a wrong password. Hashed when
     * the first unknown user signs in, not when this class is loaded during start-up (where it was 7 % of
     * the CPU); the JVM initializes this holder class once, thread-safely, on that first use.
     */
    private static final class DummyHash {
        static final String HASH = UsersFile.hash("not a password of anyone");
    }

    private final UsersFile users;
    private Map<String, UsersFile.Entry> cached;
    private Object cachedVersion;

    public UsersFileAuthenticator(UsersFile users) {
        this.users = users;
    }

    @Override
    public Optional<Account> authenticate(String user, String password) {
        UsersFile.Entry entry = entries().get(user);
        if (entry == null) {
            UsersFile.matches(password, DummyHash.HASH);
            return Optional.empty();
        }
        return UsersFile.matches(password, entry.hash()) ? Optional.of(new Account(entry.name(), entry.role()))
                : Optional.empty();
    }

    @Override
    public Optional<Role> currentRole(String user) {
        return Optional.ofNullable(entries().get(user)).map(UsersFile.Entry::role);
    }

    /** The file's accounts, read again only when its identity, time or size changed. */
    private synchronized Map<String, UsersFile.Entry> entries() {
        try {
            Object version = Files.exists(users.path()) ? version(users.path()) : null;
            if (cached == null || !Objects.equals(version, cachedVersion)) {
                cached = users.read();
                cachedVersion = version;
            }
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + users.path(), e);
        }
    }

    /** A rename over the file (as {@link UsersFile} writes) gives it a new file key; edits in place a new time. */
    private static List<Object> version(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
    }
}
