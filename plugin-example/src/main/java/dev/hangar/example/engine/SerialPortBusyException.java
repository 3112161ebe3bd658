package dev.hangar.example.engine;

/** The engine allows one connection per serial port, and another client has it; the message is for an operator. */
public final class SerialPortBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SerialPortBusyException(String message) {
        super(message);
    }
}
