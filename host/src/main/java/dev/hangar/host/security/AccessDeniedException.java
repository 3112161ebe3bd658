package dev.hangar.host.security;

/** The current user may not do what was asked; the message is for people. */
public final class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
