package dev.hangar.host.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInTest {
    // Far above argon2's time even on a loaded machine, as production's floor is above it on an idle one.
    private static final Duration FLOOR = Duration.ofMillis(2500);

    @TempDir
    Path dir;

    private SignIn signIn() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.OPERATOR, "right");
        return new SignIn(new UsersFileAuthenticator(users),
                new LoginThrottle(Clock.systemUTC(), Duration.ofMinutes(15), 3, 10), FLOOR);
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameMessageAfterTheSameMinimumTime() throws Exception {
        SignIn signIn = signIn();
        long start = System.nanoTime();
        SignIn.Outcome unknown = signIn.attempt("mallory", "right", "10.0.0.1");
        long unknownTime = System.nanoTime() - start;
        start = System.nanoTime();
        SignIn.Outcome wrong = signIn.attempt("alice", "wrong", "10.0.0.2");
        long wrongTime = System.nanoTime() - start;

        assertEquals(Optional.empty(), unknown.actor());
        assertEquals(SignIn.FAILED, unknown.message());
        assertEquals(unknown, wrong);
        assertTrue(unknownTime >= FLOOR.toNanos() && wrongTime >= FLOOR.toNanos(), unknownTime + " / " + wrongTime);
        // Both are padded to the floor, so they differ by far less than the floor itself.
        assertTrue(Math.abs(unknownTime - wrongTime) < FLOOR.toNanos() / 2, unknownTime + " / " + wrongTime);
    }

    @Test
    void rightPasswordSignsInWithTheRoleAndTheAddress() throws Exception {
        SignIn.Outcome outcome = signIn().attempt(" alice ", "right", "10.0.0.3");
        assertEquals(Optional.of(new Actor("alice", Role.OPERATOR, "10.0.0.3")), outcome.actor());
    }

    @Test
    void afterTooManyFailuresEvenTheRightPasswordIsRefused() throws Exception {
        SignIn signIn = signIn();
        for (int i = 0; i < 3; i++) {
            assertEquals(SignIn.FAILED, signIn.attempt("alice", "guess" + i, "10.0.0.4").message());
        }
        SignIn.Outcome outcome = signIn.attempt("alice", "right", "10.0.0.5");
        assertEquals(Optional.empty(), outcome.actor());
        assertTrue(outcome.message().startsWith("Too many failed sign-ins"), outcome.message());
    }
}
