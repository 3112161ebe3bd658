package dev.hangar.host.secrets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets in options: an option whose name contains {@code password}, {@code passphrase},
 * {@code secret}, {@code token} or {@code credential} (any case: {@code proxmox-api-token},
 * {@code vcenter-password}) is secret. Its value is never shown or logged: the audit writes such
 * options as {@link #MASK}, and the texts the host shows and logs about a provider (its status reason,
 * its problems) have every secret value of the provider options replaced by {@link #MASK}.
 */
public final class Secrets {
    /** What stands for a secret wherever it would have appeared. */
    public static final String MASK = "••••••";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passphrase|secret|token|credential).*");
    /** Shorter values would mask ordinary words and numbers in messages; such a secret is no secret anyway. */
    private static final int SHORTEST = 4;
    private static final Secrets NONE = new Secrets(List.of());

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** No secret values (tests, and hosts without secret options). */
    public static Secrets none() {
        return NONE;
    }

    /** The secret values among these options (name to values, as the command line and the file give them). */
    public static Secrets of(Map<String, List<String>> options) {
        List<String> secret = new ArrayList<>();
        options.forEach((name, given) -> {
            if (isSecret(name)) {
                given.stream().filter(value -> value != null && value.length() >= SHORTEST).forEach(secret::add);
            }
        });
        // Longest first, so a secret that contains another is masked whole.
        secret.sort(Comparator.comparingInt(String::length).reversed());
        return new Secrets(List.copyOf(secret));
    }

    /** Whether an option of this name is secret. */
    public static boolean isSecret(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** The options with the values of secret ones replaced by {@link #MASK}, in their order. */
    public static Map<String, Object> masked(Map<String, Object> options) {
        if (options.keySet().stream().noneMatch(Secrets::isSecret)) {
            return options;
        }
        Map<String, Object> masked = new LinkedHashMap<>();
        options.forEach((name, value) -> masked.put(name, isSecret(name) ? MASK : value));
        return masked;
    }

    /** The text with every secret value replaced by {@link #MASK}; null stays null. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (String value : values) {
            scrubbed = scrubbed.replace(value, MASK);
        }
        return scrubbed;
    }

    /**
     * The error to log with a message, or null when its text (or its causes') holds a secret value:
     * then only the scrubbed message is logged, without the stack trace that would print it.
     */
    public Throwable loggable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause);
            if (!scrub(text).equals(text)) {
                return null;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return error;
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " values]";
    }
}
