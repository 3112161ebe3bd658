package dev.hangar.host.ui.consoles;

import java.util.Arrays;

/**
 * The console websocket's close codes (the host's protocol) and what the page says when the close
 * reason is empty. The element reconnects by itself after those that {@link #reconnects}.
 */
enum CloseCode {
    NORMAL(1000, false, "Disconnected."),
    GOING_AWAY(1001, true, "The host went away."),
    LOST(1006, true, "The connection was lost."),
    SIGNED_OUT(4401, false, "You are no longer signed in: sign in again to use the console."),
    FORBIDDEN(4403, false, "Your role may not open consoles."),
    NOT_FOUND(4404, false, "There is no such console."),
    IDLE(4408, false, "The console was closed after a long time without use."),
    BUSY(4409, false, "Another client holds this console."),
    ENDED(4410, true, "The console ended: the VM stopped or restarts."),
    TOO_MANY(4429, false, "You have too many consoles open: close one first."),
    PROVIDER(4500, true, "The provider failed to carry the console."),
    OTHER(-1, false, "The console was closed.");

    private final int code;
    private final boolean reconnects;
    private final String text;

    CloseCode(int code, boolean reconnects, String text) {
        this.code = code;
        this.reconnects = reconnects;
        this.text = text;
    }

    static CloseCode of(Integer code) {
        if (code == null) {
            return NORMAL;
        }
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst().orElse(OTHER);
    }

    /** Whether the element connects again by itself (backoff 1 s .. 10 s). */
    boolean reconnects() {
        return reconnects;
    }

    String text() {
        return text;
    }
}
