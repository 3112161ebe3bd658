package dev.hangar.example.engine;

/** The engine refused or failed a request; the message is for an operator. */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }
}
