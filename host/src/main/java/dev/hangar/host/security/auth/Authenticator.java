package dev.hangar.host.security.auth;

import dev.hangar.host.security.Role;
import java.util.Optional;

/**
 * Checks a user name and password. Implementations answer only "this account, with this role" or
 * nothing: why a sign-in failed (unknown user, wrong password, locked account) is never told apart.
 */
public interface Authenticator {

    /** The account, or empty when the name and password do not sign in. */
    Optional<Account> authenticate(String user, String password);

    /**
     * The role the account has now, for sessions signed in earlier; empty when it no longer exists.
     * Called on every request of a signed-in session, so it must be cheap.
     */
    Optional<Role> currentRole(String user);

    /** A user who may sign in, with the role they get. */
    record Account(String name, Role role) {
    }
}
