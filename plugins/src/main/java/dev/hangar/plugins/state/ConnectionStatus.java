package dev.hangar.plugins.state;

import java.util.Objects;

/**
 * The health of one provider connection.
 *
 * @param provider   the provider's name
 * @param connection the connection (a libvirt URI, an engine address)
 * @param label      how the UI names it ("System", "Session", "Demo (test driver)")
 * @param state      connecting, connected, or lost
 * @param message    what went wrong last, or null
 * @param demo       whether it serves demonstration data rather than a real host's VMs
 * @param since      when it entered this state, epoch milliseconds
 */
public record ConnectionStatus(String provider, String connection, String label, State state, String message,
                               boolean demo, long since) {

    public enum State { CONNECTING, CONNECTED, LOST }

    public ConnectionStatus {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(state, "state");
        label = label == null ? connection : label;
    }

    /** The key of this connection among the host's connections: its provider and connection. */
    public String key() {
        return key(provider, connection);
    }

    public static String key(String provider, String connection) {
        return provider + "\u0000" + connection;
    }
}
