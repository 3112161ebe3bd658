package dev.hangar.host.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileAuthenticatorTest {
    @TempDir
    Path dir;

    @Test
    void unknownUsersAndWrongPasswordsAreRefusedEvenWhenTheFirstOnesArriveTogether() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.VIEWER, "correct horse");
        UsersFileAuthenticator auth = new UsersFileAuthenticator(users);

        // The dummy hash of unknown users is made on first use: several first uses at once all get it.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<Authenticator.Account>>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String user = i % 2 == 0 ? "nobody" + i : "alice";
                attempts.add(pool.submit(() -> auth.authenticate(user, "wrong")));
            }
            for (Future<Optional<Authenticator.Account>> attempt : attempts) {
                assertEquals(Optional.empty(), attempt.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.empty(), auth.authenticate("nobody", "correct horse"));
        assertEquals(Optional.empty(), auth.authenticate("alice", "wrong"));
        assertTrue(auth.authenticate("alice", "correct horse").isPresent());
    }

    @Test
    void anUnknownUserCostsArgon2WorkLikeAWrongPassword() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.VIEWER, "correct horse");
        UsersFileAuthenticator auth = new UsersFileAuthenticator(users);
        auth.authenticate("nobody", "warm-up");
        auth.authenticate("alice", "warm-up");

        // Fastest of a few, so that a busy machine does not decide; without the dummy hash an unknown
        // user would take well under a millisecond against about 100 ms of argon2.
        long unknown = Long.MAX_VALUE;
        long wrong = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            auth.authenticate("nobody", "wrong");
            unknown = Math.min(unknown, System.nanoTime() - start);
            start = System.nanoTime();
            auth.authenticate("alice", "wrong");
            wrong = Math.min(wrong, System.nanoTime() - start);
        }
        assertTrue(unknown > wrong / 4, "unknown user " + unknown / 1_000_000 + " ms, wrong password "
                + wrong / 1_000_000 + " ms");
    }
}
