package dev.hangar.plugins.capability;

import java.io.IOException;

/**
 * An open console: bytes from the guest's side to the viewer and back. The host reads on one thread
 * and writes on another, each of them one at a time; {@link #close} may come from any thread and must
 * end a blocked {@link #read}.
 */
public interface ConsoleStream extends AutoCloseable {

    /**
     * Blocks until at least one byte arrived, then returns how many were put at the start of
     * {@code buffer}; -1 when the console ended (the VM stopped, the stream was closed).
     */
    int read(byte[] buffer) throws IOException;

    /** Sends {@code length} bytes of {@code bytes} from {@code offset} to the guest's side. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Ends the stream; closing it again does nothing. */
    @Override
    void close();
}
