package dev.hangar.host.security.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed sign-ins per user name and per client address in a sliding window; past the limit,
 * further attempts for that name or from that address are refused until the oldest failure leaves
 * the window. Names are throttled whether or not the account exists, so throttling tells nothing.
 */
public final class LoginThrottle {
    /** The number of keys after which stale ones are dropped, so random names cannot fill memory. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Clock clock;
    private final Duration window;
    private final int perUser;
    private final int perAddress;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(Clock clock, Duration window, int perUser, int perAddress) {
        this.clock = clock;
        this.window = window;
        this.perUser = perUser;
        this.perAddress = perAddress;
    }

    /** When the next attempt for this user from this address may be made, if it must wait. */
    public synchronized Optional<Instant> blockedUntil(String user, String address) {
        Instant now = clock.instant();
        Instant until = null;
        for (Map.Entry<String, Integer> key : Map.of(userKey(user), perUser, addressKey(address), perAddress).entrySet()) {
            Deque<Instant> times = recent(key.getKey(), now);
            if (times.size() >= key.getValue()) {
                Instant free = times.peekFirst().plus(window);
                until = until == null || free.isAfter(until) ? free : until;
            }
        }
        return Optional.ofNullable(until);
    }

    public synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(times -> times.isEmpty() || !times.peekLast().plus(window).isAfter(now));
        }
        failures.computeIfAbsent(userKey(user), k -> new ArrayDeque<>()).addLast(now);
        failures.computeIfAbsent(addressKey(address), k -> new ArrayDeque<>()).addLast(now);
    }

    /** A good sign-in clears the user's count, not the address's: one valid account must not unlock guessing others. */
    public synchronized void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private Deque<Instant> recent(String key, Instant now) {
        Deque<Instant> times = failures.getOrDefault(key, new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
        return times;
    }

    private static String userKey(String user) {
        return "user:" + user.strip().toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
