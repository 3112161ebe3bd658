package dev.hangar.host.security.auth;

import dev.hangar.host.security.Role;
import java.util.Map;
import java.util.Optional;
import org.jvnet.libpam.PAM;
import org.jvnet.libpam.PAMException;
import org.jvnet.libpam.UnixUser;

/**
 * The host's own accounts through PAM (libpam4j over JNA), with a dedicated service so that the
 * administrator decides which modules apply. The role follows the user's Unix groups.
 */
public final class PamAuthenticator implements Authenticator {
    private final String service;
    private final Map<String, Role> groupRoles;

    /**
     * @param service    the PAM service, i.e. the file /etc/pam.d/SERVICE
     * @param groupRoles the role each Unix group grants; the highest applies, {@link Role#VIEWER} when none does
     */
    public PamAuthenticator(String service, Map<String, Role> groupRoles) {
        this.service = service;
        this.groupRoles = Map.copyOf(groupRoles);
    }

    @Override
    public Optional<Account> authenticate(String user, String password) {
        PAM pam = null;
        try {
            // A PAM handle is per conversation and not thread-safe: one per attempt.
            pam = new PAM(service);
            UnixUser unix = pam.authenticate(user, password);
            return Optional.of(new Account(unix.getUserName(), roleOf(unix.getGroups())));
        } catch (PAMException e) {
            // libpam4j's messages tell an unknown user from a wrong password: never pass them on.
            return Optional.empty();
        } finally {
            if (pam != null) {
                pam.dispose();
            }
        }
    }

    /** Reads the user's groups afresh (getpwnam and the group database), so group changes apply at once. */
    @Override
    public Optional<Role> currentRole(String user) {
        try {
            return Optional.of(roleOf(new UnixUser(user).getGroups()));
        } catch (PAMException e) {
            // No such user any more.
            return Optional.empty();
        }
    }

    Role roleOf(Iterable<String> groups) {
        Role role = Role.VIEWER;
        for (String group : groups) {
            Role granted = groupRoles.get(group);
            if (granted != null) {
                role = role.atLeast(granted);
            }
        }
        return role;
    }
}
