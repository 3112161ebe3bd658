package dev.hangar.example.engine;

import java.time.Duration;

/**
 * How the simulated engine behaves.
 *
 * @param machines          how many machines it starts with
 * @param transition        how long starting, shutting down and snapshots take
 * @param migration         how long a live migration takes
 * @param migrationInterval how often the engine's balancer migrates a running machine; zero: never
 */
public record EngineSettings(int machines, Duration transition, Duration migration, Duration migrationInterval) {
    public static final EngineSettings DEFAULT =
            new EngineSettings(12, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(45));

    public EngineSettings {
        if (machines < 0 || machines > 10_000) {
            throw new IllegalArgumentException("machines must be between 0 and 10000, not " + machines);
        }
        if (transition.isNegative() || migration.isNegative() || migrationInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
