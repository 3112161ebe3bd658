package dev.hangar.host.security.auth;

import dev.hangar.host.security.Actor;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.audit.AuditLog;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One sign-in attempt, whatever the authenticator: throttling first (which counts the attempt before
 * its password is checked), then the check, and an audit entry. Every attempt that fails takes at
 * least the same time, so that neither the answer nor its delay tells an unknown user from a wrong
 * password; a successful one returns as soon as it is done. Never sees the password after the
 * attempt, never logs or audits it.
 */
public final class SignIn {
    private static final Logger LOG = System.getLogger(SignIn.class.getName());
    /** The one message for every failure. */
    public static final String FAILED = "Incorrect user name or password.";
    public static final String THROTTLED = "Too many failed sign-ins. Try again later.";
    /** What the audit log calls a sign-in; its target is the host itself. */
    public static final String VERB = "sign-in";
    public static final String TARGET = "host";
    /** Longer names are cut in the log and the audit: they are anybody's input. */
    private static final int NAME_SHOWN = 100;

    /** Waits; {@link Thread#sleep} in production, the test's clock in tests. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration time) throws InterruptedException;
    }

    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final Duration minimumTime;
    private final AuditLog audit;
    private final Clock clock;
    private final Pause pause;

    public SignIn(Authenticator authenticator, LoginThrottle throttle, Duration minimumTime, AuditLog audit,
            Clock clock, Pause pause) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.minimumTime = minimumTime;
        this.audit = audit;
        this.clock = clock;
        this.pause = pause;
    }

    /** What an attempt gave: the signed-in user, or a message for the login form. */
    public record Outcome(Optional<Actor> actor, String message) {
        static Outcome refused(String message) {
            return new Outcome(Optional.empty(), message);
        }
    }

    public Outcome attempt(String user, String password, String address) {
        Instant start = clock.instant();
        Outcome outcome = null;
        try {
            outcome = check(user == null ? "" : user.strip(), password == null ? "" : password, address);
            return outcome;
        } finally {
            if (outcome == null || outcome.actor().isEmpty()) {
                padFrom(start);
            }
        }
    }

    private Outcome check(String user, String password, String address) {
        String shown = user.length() > NAME_SHOWN ? user.substring(0, NAME_SHOWN) + "…" : user;
        LoginThrottle.Admission admission = throttle.admit(user, address);
        if (admission instanceof LoginThrottle.Refused refused) {
            LOG.log(Level.WARNING, "sign-in throttled for user '" + shown + "' from " + address);
            record(shown, null, address, AuditEntry.REFUSED, "throttled until " + refused.until());
            return Outcome.refused(THROTTLED);
        }
        // Counted as a failure already; only a success takes it back.
        LoginThrottle.Admitted admitted = (LoginThrottle.Admitted) admission;
        Optional<Authenticator.Account> account = user.isEmpty() || password.isEmpty() ? Optional.empty()
                : authenticator.authenticate(user, password);
        if (account.isEmpty()) {
            LOG.log(Level.WARNING, "sign-in failed for user '" + shown + "' from " + address);
            record(shown, null, address, AuditEntry.FAILED, FAILED);
            return Outcome.refused(FAILED);
        }
        admitted.succeeded();
        Authenticator.Account a = account.get();
        LOG.log(Level.INFO, "user '" + a.name() + "' (" + a.role().id() + ") signed in from " + address);
        record(a.name(), a.role().id(), address, AuditEntry.OK, null);
        return new Outcome(Optional.of(new Actor(a.name(), a.role(), address)), null);
    }

    private void record(String user, String role, String address, String result, String message) {
        audit.append(new AuditEntry(clock.instant(), user, role, address, TARGET, VERB, Map.of(), result, message));
    }

    private void padFrom(Instant start) {
        Duration left = minimumTime.minus(Duration.between(start, clock.instant()));
        if (left.isNegative() || left.isZero()) {
            return;
        }
        try {
            pause.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
