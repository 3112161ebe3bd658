package dev.hangar.host.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hangar.host.security.Role;
import dev.hangar.host.security.UnixTestAccount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PAM with a real Unix user and a dedicated service, both created for the test. */
class PamAuthenticatorTest {

    @Test
    void signsInARealUnixUserWithTheRoleOfItsGroupAndNothingElse() throws Exception {
        try (var account = UnixTestAccount.create()) {
            PamAuthenticator pam = new PamAuthenticator(account.service(), Map.of(account.group(), Role.OPERATOR));

            assertEquals(Optional.of(new Authenticator.Account(account.user(), Role.OPERATOR)),
                    pam.authenticate(account.user(), account.password()));
            assertEquals(Optional.empty(), pam.authenticate(account.user(), "wrong"));
            assertEquals(Optional.empty(), pam.authenticate(account.user() + "-nobody", account.password()));

            PamAuthenticator unmapped = new PamAuthenticator(account.service(), Map.of("libvirt", Role.ADMINISTRATOR));
            assertEquals(Role.VIEWER, unmapped.authenticate(account.user(), account.password()).orElseThrow().role());
        }
    }

    @Test
    void theCurrentRoleFollowsGroupChangesAndRemovalAtOnce() throws Exception {
        try (var account = UnixTestAccount.create()) {
            PamAuthenticator pam = new PamAuthenticator(account.service(), Map.of(account.group(), Role.OPERATOR));
            assertEquals(Optional.of(Role.OPERATOR), pam.currentRole(account.user()));
            account.leaveGroup();
            assertEquals(Optional.of(Role.VIEWER), pam.currentRole(account.user()));
            account.removeUser();
            assertEquals(Optional.empty(), pam.currentRole(account.user()));
        }
    }

    @Test
    void theHighestRoleOfTheUsersGroupsApplies() {
        PamAuthenticator pam = new PamAuthenticator("unused", Map.of("ops", Role.OPERATOR, "libvirt", Role.ADMINISTRATOR));
        assertEquals(Role.ADMINISTRATOR, pam.roleOf(List.of("ops", "libvirt", "users")));
        assertEquals(Role.OPERATOR, pam.roleOf(List.of("users", "ops")));
        assertEquals(Role.VIEWER, pam.roleOf(List.of("users")));
    }
}
