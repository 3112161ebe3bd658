package dev.hangar.testsupport;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The tests' one way to wait for something that happens on another thread or in another process:
 * Awaitility, checking at once and then every 20 ms, failing with what was awaited. Timeouts of the
 * code under test are not waited for: give it a {@link ManualClock}.
 */
public final class Waiting {
    /** Long enough for a loaded two-core CI machine; a passing test waits only as long as it must. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Waiting() {
    }

    /** Waits at most {@link #DEFAULT}: {@code Waiting.await("what").until(() -> ...)}. */
    public static ConditionFactory await(String what) {
        return await(what, DEFAULT);
    }

    public static ConditionFactory await(String what, Duration limit) {
        return Awaitility.await(what).atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }
}
