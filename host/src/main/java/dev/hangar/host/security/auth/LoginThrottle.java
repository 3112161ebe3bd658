package dev.hangar.host.security.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts failed sign-ins in a sliding window per (client address, user name), per user name and per
 * client address; past a limit, further attempts for that key are refused until its oldest failure
 * leaves the window. Names are throttled whether or not the account exists, so throttling tells
 * nothing. The per-address ceiling is much higher than the others: many people may share an address
 * (a reverse proxy, a NAT), and one of them must not lock the others out.
 *
 * <p>Checking and counting are one step ({@link #admit}): an admitted attempt counts as a failure
 * from the moment it is admitted, before its password is checked, and is taken back only if it
 * succeeds. So parallel attempts cannot all pass the check before any of them is counted.
 */
public final class LoginThrottle {
    /** The number of keys after which stale ones are dropped, so random names cannot fill memory. */
    private static final int PRUNE_ABOVE = 10_000;

    /** Failures allowed in the window: from one address for one name, for one name, from one address. */
    public record Limits(int perAddressAndUser, int perUser, int perAddress) {
    }

    /** What {@link #admit} decided. */
    public sealed interface Admission permits Refused, Admitted {
    }

    /** Too many failures: no attempt before {@code until}. */
    public record Refused(Instant until) implements Admission {
    }

    /** The attempt may check its password; it counts as a failure unless {@link #succeeded()} is called. */
    public record Admitted(LoginThrottle throttle, String user, String address, Instant at) implements Admission {
        /** Takes the attempt back and clears the name's failures (from this address and overall). */
        public void succeeded() {
            throttle.succeeded(this);
        }
    }

    private final Clock clock;
    private final Duration window;
    private final Limits limits;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(Clock clock, Duration window, Limits limits) {
        this.clock = clock;
        this.window = window;
        this.limits = limits;
    }

    /** Refuses the attempt when a limit is reached; otherwise counts it (as a failure until it succeeds). */
    public synchronized Admission admit(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(times -> times.isEmpty() || !times.peekLast().plus(window).isAfter(now));
        }
        Instant until = null;
        for (Map.Entry<String, Integer> key : keys(user, address).entrySet()) {
            Deque<Instant> times = recent(key.getKey(), now);
            if (times.size() >= key.getValue()) {
                Instant free = times.peekFirst().plus(window);
                until = until == null || free.isAfter(until) ? free : until;
            }
        }
        if (until != null) {
            return new Refused(until);
        }
        for (String key : keys(user, address).keySet()) {
            failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
        }
        return new Admitted(this, user, address, now);
    }

    /**
     * A good sign-in clears the name's counts, not the address's: one valid account must not unlock
     * guessing others from the same address.
     */
    private synchronized void succeeded(Admitted attempt) {
        failures.remove(userKey(attempt.user()));
        failures.remove(addressAndUserKey(attempt.address(), attempt.user()));
        Deque<Instant> address = failures.get(addressKey(attempt.address()));
        if (address != null) {
            address.removeFirstOccurrence(attempt.at());
        }
    }

    private Map<String, Integer> keys(String user, String address) {
        return Map.of(addressAndUserKey(address, user), limits.perAddressAndUser(), userKey(user), limits.perUser(),
                addressKey(address), limits.perAddress());
    }

    private Deque<Instant> recent(String key, Instant now) {
        Deque<Instant> times = failures.getOrDefault(key, new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
        return times;
    }

    private static String userKey(String user) {
        return "user:" + name(user);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static String addressAndUserKey(String address, String user) {
        return "address+user:" + address + "\n" + name(user);
    }

    private static String name(String user) {
        return user.strip().toLowerCase(Locale.ROOT);
    }
}
