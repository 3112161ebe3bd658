package dev.hangar.host.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, Duration.ofMinutes(15), 3, 5);

    @Test
    void blocksAUserNameAfterTheLimitFromAnyAddressUntilTheWindowPasses() {
        Instant first = clock.now;
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), throttle.blockedUntil("Alice", "10.0.0.1"));
            throttle.failed("alice", "10.0.0." + (i + 1));
            clock.now = clock.now.plusSeconds(10);
        }
        assertEquals(Optional.of(first.plus(Duration.ofMinutes(15))), throttle.blockedUntil("alice", "10.0.0.9"));
        assertEquals(Optional.empty(), throttle.blockedUntil("bob", "10.0.0.9"));

        clock.now = first.plus(Duration.ofMinutes(15));
        assertEquals(Optional.empty(), throttle.blockedUntil("alice", "10.0.0.9"));
    }

    @Test
    void blocksAnAddressThatTriesManyNames() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertTrue(throttle.blockedUntil("somebody", "10.0.0.1").isPresent());
        assertEquals(Optional.empty(), throttle.blockedUntil("somebody", "10.0.0.2"));
    }

    @Test
    void aGoodSignInClearsTheUserButNotTheAddress() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice");
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        assertEquals(Optional.empty(), throttle.blockedUntil("alice", "10.0.0.2"));
        throttle.failed("carol", "10.0.0.1");
        assertTrue(throttle.blockedUntil("dave", "10.0.0.1").isPresent(), "five failures from one address");
    }
}
