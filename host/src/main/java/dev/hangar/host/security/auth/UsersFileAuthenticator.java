package dev.hangar.host.security.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Signs in against the {@link UsersFile}, read afresh for each attempt so that edits apply at once. */
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

    public UsersFileAuthenticator(UsersFile users) {
        this.users = users;
    }

    @Override
    public Optional<Account> authenticate(String user, String password) {
        UsersFile.Entry entry;
        try {
            entry = users.read().get(user);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + users.path(), e);
        }
        if (entry == null) {
            UsersFile.matches(password, DummyHash.HASH);
            return Optional.empty();
        }
        return UsersFile.matches(password, entry.hash()) ? Optional.of(new Account(entry.name(), entry.role()))
                : Optional.empty();
    }
}
