package dev.hangar.host;

import dev.hangar.host.security.ClientAddress;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.SecurityOptions;
import dev.hangar.host.security.Sessions;
import dev.hangar.host.security.audit.AuditLog;
import dev.hangar.host.security.auth.Authenticator;
import dev.hangar.host.security.auth.LoginThrottle;
import dev.hangar.host.security.auth.PamAuthenticator;
import dev.hangar.host.security.auth.SignIn;
import dev.hangar.host.security.auth.UsersFile;
import dev.hangar.host.security.auth.UsersFileAuthenticator;
import com.vaadin.flow.server.ServiceInitEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The host's sign-in, authorization and audit, built once from the options: the application's assembly
 * of the security packages (which know neither the UI nor the providers).
 */
public final class Security {
    private static final Logger LOG = System.getLogger(Security.class.getName());
    /**
     * Failed sign-ins allowed in {@link #THROTTLE_WINDOW}: 5 for one name from one client address, 10 for
     * one name from anywhere, 100 from one address (which many users may share behind a proxy or a NAT).
     */
    public static final LoginThrottle.Limits THROTTLE_LIMITS = new LoginThrottle.Limits(5, 10, 100);
    static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
    /** Every failed sign-in takes at least this long: above argon2's and a dedicated PAM service's time. */
    static final Duration SIGN_IN_TIME = Duration.ofSeconds(1);

    private final SecurityOptions options;
    private final UsersFile users;
    private final AuditLog audit;
    private final Gatekeeper gatekeeper;
    private final SignIn signIn;
    private final Sessions sessions;
    private final ClientAddress clientAddress;

    /** @param describe turns an action's failure into the message that is audited */
    public Security(SecurityOptions options, Path dataDir, Function<Throwable, String> describe) {
        this.options = options;
        Clock clock = Clock.systemUTC();
        this.users = new UsersFile(dataDir.resolve("users"));
        this.audit = new AuditLog(dataDir.resolve("audit.log"));
        this.gatekeeper = new Gatekeeper(audit, clock, describe);
        Authenticator authenticator = options.auth() == SecurityOptions.AuthMode.PAM
                ? new PamAuthenticator(options.pamService(), options.pamRoles())
                : new UsersFileAuthenticator(users);
        this.signIn = new SignIn(authenticator, new LoginThrottle(clock, THROTTLE_WINDOW, THROTTLE_LIMITS),
                SIGN_IN_TIME, audit, clock, time -> Thread.sleep(time.toMillis(), time.toNanosPart() % 1_000_000));
        this.sessions = new Sessions(clock, authenticator::currentRole, options.sessionTimeout());
        this.clientAddress = new ClientAddress(options.trustedProxies());
    }

    public SecurityOptions options() {
        return options;
    }

    public AuditLog audit() {
        return audit;
    }

    public Gatekeeper gatekeeper() {
        return gatekeeper;
    }

    public SignIn signIn() {
        return signIn;
    }

    /** The signed-in sessions: listed for administrators, checked at every request. */
    public Sessions sessions() {
        return sessions;
    }

    /**
     * Checks every request of the service's sessions against their accounts before Vaadin handles it
     * ({@link Sessions}: idle, removed or ended sessions end, changed roles apply), and forgets the
     * sessions Vaadin closes.
     */
    public void checkSessions(ServiceInitEvent event) {
        sessions.checkRequests(event, clientAddress);
    }

    /** Who the client of a request is, given the trusted proxies. */
    public ClientAddress clientAddress() {
        return clientAddress;
    }

    /**
     * Says at start-up what sign-in uses. With the users file and no user in it yet, creates
     * {@code admin} with a generated password, printed here once: only its hash is stored.
     */
    public void announce(PrintStream console) throws IOException {
        if (options.auth() == SecurityOptions.AuthMode.PAM) {
            Path service = Path.of("/etc/pam.d", options.pamService());
            if (!Files.exists(service)) {
                LOG.log(Level.WARNING, service + " does not exist: PAM falls back to its 'other' service. "
                        + "See the README for the file Hangar expects.");
            }
            console.println("Sign in with this host's accounts (PAM service '" + options.pamService() + "').");
            return;
        }
        if (users.read().isEmpty()) {
            String password = generatePassword();
            users.add("admin", Role.ADMINISTRATOR, password);
            console.println("First start: created user 'admin' (administrator) in " + users.path() + ".");
            console.println("  Its password, shown only this once: " + password);
            console.println("  Change it with: hangar user passwd admin");
        } else {
            console.println("Sign in with an account of " + users.path() + " (manage them with 'hangar user').");
        }
    }

    /** Four groups of five letters and digits without look-alikes: about 100 bits. */
    static String generatePassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
