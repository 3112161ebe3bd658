package dev.hangar.host.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    @TempDir
    Path dir;

    @Test
    void storesOnlyAnArgon2idHashReadableByItsOwner() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.OPERATOR, "correct horse");

        String text = Files.readString(users.path());
        assertFalse(text.contains("correct horse"), text);
        UsersFile.Entry alice = users.read().get("alice");
        assertEquals(Role.OPERATOR, alice.role());
        assertTrue(alice.hash().startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), alice.hash());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users.path())));
    }

    @Test
    void authenticatesTheRightPasswordOnlyAndTellsNothingMore() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.VIEWER, "correct horse");
        UsersFileAuthenticator auth = new UsersFileAuthenticator(users);

        assertEquals(Optional.of(new Authenticator.Account("alice", Role.VIEWER)), auth.authenticate("alice", "correct horse"));
        assertEquals(Optional.empty(), auth.authenticate("alice", "wrong"));
        assertEquals(Optional.empty(), auth.authenticate("bob", "correct horse"));
    }

    @Test
    void passwdChangesThePasswordAndOptionallyTheRoleAndRemoveDeletes() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.VIEWER, "first");
        users.add("bob", Role.ADMINISTRATOR, "bobs");
        String before = users.read().get("alice").hash();
        UsersFileAuthenticator auth = new UsersFileAuthenticator(users);

        users.update("alice", "second", null);
        assertNotEquals(before, users.read().get("alice").hash());
        assertEquals(Role.VIEWER, users.read().get("alice").role());
        assertTrue(auth.authenticate("alice", "first").isEmpty());
        assertTrue(auth.authenticate("alice", "second").isPresent());

        users.update("alice", "third", Role.OPERATOR);
        assertEquals(Role.OPERATOR, auth.authenticate("alice", "third").orElseThrow().role());

        users.remove("alice");
        assertTrue(auth.authenticate("alice", "third").isEmpty());
        assertEquals(Role.ADMINISTRATOR, auth.authenticate("bob", "bobs").orElseThrow().role());
    }

    @Test
    void refusesDuplicatesUnknownNamesBadNamesAndEmptyPasswords() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.VIEWER, "pw");
        assertThrows(IllegalArgumentException.class, () -> users.add("alice", Role.VIEWER, "pw"));
        assertThrows(IllegalArgumentException.class, () -> users.add("al:ice", Role.VIEWER, "pw"));
        assertThrows(IllegalArgumentException.class, () -> users.add("bob", Role.VIEWER, ""));
        assertThrows(IllegalArgumentException.class, () -> users.update("nobody", "pw", null));
        assertThrows(IllegalArgumentException.class, () -> users.remove("nobody"));
        assertEquals(1, users.read().size());
    }
}
