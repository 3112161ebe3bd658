package dev.hangar.host.security.auth;

import dev.hangar.host.security.Actor;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One sign-in attempt, whatever the authenticator: throttling first, then the check, with every
 * attempt taking at least the same time so that neither the answer nor its delay tells an unknown
 * user from a wrong password. Never sees the password after the attempt, never logs it.
 */
public final class SignIn {
    private static final Logger LOG = System.getLogger(SignIn.class.getName());
    /** The one message for every failure. */
    public static final String FAILED = "Incorrect user name or password.";

    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final Duration minimumTime;

    public SignIn(Authenticator authenticator, LoginThrottle throttle, Duration minimumTime) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.minimumTime = minimumTime;
    }

    /** What an attempt gave: the signed-in user, or a message for the login form. */
    public record Outcome(Optional<Actor> actor, String message) {
        static Outcome refused(String message) {
            return new Outcome(Optional.empty(), message);
        }
    }

    public Outcome attempt(String user, String password, String address) {
        long start = System.nanoTime();
        try {
            return check(user == null ? "" : user.strip(), password == null ? "" : password, address);
        } finally {
            padTo(start);
        }
    }

    private Outcome check(String user, String password, String address) {
        Optional<Instant> blocked = throttle.blockedUntil(user, address);
        if (blocked.isPresent()) {
            LOG.log(Level.WARNING, "sign-in throttled for user '" + user + "' from " + address);
            return Outcome.refused("Too many failed sign-ins. Try again later.");
        }
        Optional<Authenticator.Account> account = user.isEmpty() || password.isEmpty() ? Optional.empty()
                : authenticator.authenticate(user, password);
        if (account.isEmpty()) {
            throttle.failed(user, address);
            LOG.log(Level.WARNING, "sign-in failed for user '" + user + "' from " + address);
            return Outcome.refused(FAILED);
        }
        throttle.succeeded(user);
        Authenticator.Account a = account.get();
        LOG.log(Level.INFO, "user '" + a.name() + "' (" + a.role().id() + ") signed in from " + address);
        return new Outcome(Optional.of(new Actor(a.name(), a.role(), address)), null);
    }

    private void padTo(long start) {
        long left = minimumTime.toNanos() - (System.nanoTime() - start);
        if (left > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
