package dev.hangar.host.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.hangar.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, Duration.ofMinutes(15), new LoginThrottle.Limits(2, 3, 6));

    private void fail(String user, String address) {
        assertInstanceOf(LoginThrottle.Admitted.class, throttle.admit(user, address), user + " from " + address);
    }

    private boolean refused(String user, String address) {
        return throttle.admit(user, address) instanceof LoginThrottle.Refused;
    }

    @Test
    void blocksANameFromOneAddressFirstThenFromEveryAddressUntilTheWindowPasses() {
        Instant first = clock.instant();
        fail("Alice", "10.0.0.1");
        clock.advance(Duration.ofSeconds(10));
        fail("alice", "10.0.0.1");
        assertEquals(new LoginThrottle.Refused(first.plus(Duration.ofMinutes(15))), throttle.admit("alice", "10.0.0.1"));
        // Another address may still try that name, up to the name's own limit.
        fail("alice", "10.0.0.2");
        assertEquals(true, refused("alice", "10.0.0.3"));
        assertEquals(false, refused("bob", "10.0.0.1"), "another name from the same address");

        clock.set(first.plus(Duration.ofMinutes(15)));
        fail("alice", "10.0.0.3");
    }

    @Test
    void oneClientsFailuresDoNotLockOtherUsersOutOfTheSharedAddress() {
        // Behind a proxy without --trusted-proxy, every user has the proxy's address.
        fail("mallory", "10.0.0.1");
        fail("mallory", "10.0.0.1");
        assertEquals(true, refused("mallory", "10.0.0.1"));
        fail("alice", "10.0.0.1");
        fail("bob", "10.0.0.1");
    }

    @Test
    void anAddressThatTriesManyNamesMeetsTheCeiling() {
        for (int i = 0; i < 6; i++) {
            fail("user" + i, "10.0.0.1");
        }
        assertEquals(true, refused("somebody", "10.0.0.1"));
        assertEquals(false, refused("somebody", "10.0.0.2"));
    }

    @Test
    void aGoodSignInClearsTheNameAndTakesItsOwnAttemptBackButNotTheAddressesFailures() {
        fail("alice", "10.0.0.1");
        ((LoginThrottle.Admitted) throttle.admit("alice", "10.0.0.1")).succeeded();
        fail("alice", "10.0.0.1");
        fail("alice", "10.0.0.1");
        assertEquals(true, refused("alice", "10.0.0.1"));
        for (int i = 0; i < 3; i++) {
            fail("carol" + i, "10.0.0.1");
        }
        // 1 + 2 + 3 failures from the address; the success is not one of them.
        assertEquals(true, refused("dave", "10.0.0.1"), "six failures from one address");
    }
}
