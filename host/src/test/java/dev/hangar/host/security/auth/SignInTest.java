package dev.hangar.host.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.audit.AuditLog;
import dev.hangar.testsupport.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInTest {
    private static final Duration FLOOR = Duration.ofSeconds(1);
    private static final LoginThrottle.Limits LIMITS = new LoginThrottle.Limits(3, 5, 10);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    /** What the sign-in waited for; waiting moves the hand clock. */
    private final List<Duration> pauses = java.util.Collections.synchronizedList(new ArrayList<>());

    private UsersFile users() throws Exception {
        UsersFile users = new UsersFile(dir.resolve("users"));
        users.add("alice", Role.OPERATOR, "right");
        return users;
    }

    private AuditLog audit() {
        return new AuditLog(dir.resolve("audit.log"));
    }

    private SignIn signIn(Authenticator authenticator) {
        return new SignIn(authenticator, new LoginThrottle(clock, Duration.ofMinutes(15), LIMITS), FLOOR, audit(), clock,
                time -> {
                    pauses.add(time);
                    clock.advance(time);
                });
    }

    /** Checks every password with the users file and counts the checks; each check takes the test's clock 200 ms. */
    private static final class Counting implements Authenticator {
        final Authenticator real;
        final ManualClock clock;
        final AtomicInteger checks = new AtomicInteger();

        Counting(Authenticator real, ManualClock clock) {
            this.real = real;
            this.clock = clock;
        }

        @Override
        public Optional<Account> authenticate(String user, String password) {
            checks.incrementAndGet();
            clock.advance(Duration.ofMillis(200));
            return real.authenticate(user, password);
        }

        @Override
        public Optional<Role> currentRole(String user) {
            return real.currentRole(user);
        }
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameMessageAfterTheSameMinimumTime() throws Exception {
        SignIn signIn = signIn(new Counting(new UsersFileAuthenticator(users()), clock));
        SignIn.Outcome unknown = signIn.attempt("mallory", "right", "10.0.0.1");
        SignIn.Outcome wrong = signIn.attempt("alice", "wrong", "10.0.0.2");

        assertEquals(Optional.empty(), unknown.actor());
        assertEquals(SignIn.FAILED, unknown.message());
        assertEquals(unknown, wrong);
        // Each check took 200 ms of the clock; both were padded to the floor.
        assertEquals(List.of(Duration.ofMillis(800), Duration.ofMillis(800)), pauses);
    }

    @Test
    void theRightPasswordSignsInWithTheRoleAndTheAddressWithoutWaitingForTheFloor() throws Exception {
        SignIn.Outcome outcome = signIn(new UsersFileAuthenticator(users())).attempt(" alice ", "right", "10.0.0.3");
        assertEquals(Optional.of(new Actor("alice", Role.OPERATOR, "10.0.0.3")), outcome.actor());
        assertEquals(List.of(), pauses, "a successful sign-in waited");
    }

    @Test
    void afterTooManyFailuresEvenTheRightPasswordIsRefused() throws Exception {
        SignIn signIn = signIn(new UsersFileAuthenticator(users()));
        for (int i = 0; i < LIMITS.perAddressAndUser(); i++) {
            assertEquals(SignIn.FAILED, signIn.attempt("alice", "guess" + i, "10.0.0.4").message());
        }
        SignIn.Outcome outcome = signIn.attempt("alice", "right", "10.0.0.4");
        assertEquals(Optional.empty(), outcome.actor());
        assertEquals(SignIn.THROTTLED, outcome.message());
    }

    @Test
    void parallelWrongPasswordsCannotGetMoreChecksThanTheLimits() throws Exception {
        Counting counting = new Counting(new UsersFileAuthenticator(users()), clock);
        SignIn signIn = signIn(counting);
        // 12 at once for one name from one address: 3 may be checked.
        assertEquals(LIMITS.perAddressAndUser(), parallel(12, i -> signIn.attempt("alice", "guess" + i, "10.0.0.5")));
        assertEquals(LIMITS.perAddressAndUser(), counting.checks.get());
        // 30 at once from one other address for many names: 10 may be checked.
        counting.checks.set(0);
        assertEquals(LIMITS.perAddress(), parallel(30, i -> signIn.attempt("user" + i, "guess", "10.0.0.6")));
        assertEquals(LIMITS.perAddress(), counting.checks.get());
    }

    /** Starts {@code count} attempts together (a latch) and returns how many were failed rather than throttled. */
    private static int parallel(int count, java.util.function.IntFunction<SignIn.Outcome> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SignIn.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                outcomes.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return attempt.apply(n);
                }));
            }
            ready.await();
            go.countDown();
            int failed = 0;
            for (Future<SignIn.Outcome> outcome : outcomes) {
                String message = outcome.get(60, TimeUnit.SECONDS).message();
                assertTrue(message.equals(SignIn.FAILED) || message.equals(SignIn.THROTTLED), message);
                failed += message.equals(SignIn.FAILED) ? 1 : 0;
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyAttemptIsAuditedWithoutThePassword() throws Exception {
        SignIn signIn = signIn(new UsersFileAuthenticator(users()));
        signIn.attempt("alice", "right", "10.0.0.7");
        for (int i = 0; i <= LIMITS.perAddressAndUser(); i++) {
            signIn.attempt("alice", "secret-guess", "10.0.0.8");
        }
        List<AuditEntry> entries = audit().last(10);
        assertEquals(List.of(AuditEntry.OK, AuditEntry.FAILED, AuditEntry.FAILED, AuditEntry.FAILED, AuditEntry.REFUSED),
                entries.stream().map(AuditEntry::result).toList());
        AuditEntry ok = entries.get(0);
        assertEquals(List.of("alice", "operator", "10.0.0.7", SignIn.TARGET, SignIn.VERB),
                List.of(ok.user(), ok.role(), ok.address(), ok.target(), ok.verb()));
        assertNull(entries.get(1).role());
        assertEquals("10.0.0.8", entries.get(4).address());
        String file = Files.readString(dir.resolve("audit.log"));
        assertTrue(!file.contains("secret-guess") && !file.contains("right\""), file);
    }
}
