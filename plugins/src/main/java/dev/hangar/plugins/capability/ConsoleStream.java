package dev.hangar.plugins.capability;

import java.io.IOException;

/**
 * An open console: bytes from the guest's side to the viewer and back, the RFB protocol of a
 * {@link ConsoleKind#VNC} console or the raw bytes of a {@link ConsoleKind#SERIAL} one.
 *
 * <p>Threads: the host reads on one thread of the console session and writes on another, each of them
 * one call at a time (a stream need not be safe for two concurrent reads or two concurrent writes, but
 * a read and a write run at the same time); neither is bounded by the plugin call timeout. {@link #close}
 * may come from any thread, at any time, and must end a {@link #read} or {@link #write} that blocks.
 * The host closes every stream it opened when the console session ends, also after {@code read}
 * returned -1.
 */
public interface ConsoleStream extends AutoCloseable {

    /**
     * Blocks until at least one byte arrived, then returns how many (at most {@code buffer.length}) were
     * put at the start of {@code buffer}; -1 when the console ended (the VM stopped, another client took
     * it over, the stream was closed), after the bytes that came before the end. The host then ends the
     * session as "the console ended"; an {@link IOException} ends it as a failure, with its message.
     */
    int read(byte[] buffer) throws IOException;

    /**
     * Sends {@code length} bytes of {@code bytes} from {@code offset} to the guest's side. It may block
     * while the guest's side takes no more (as a socket does); it throws {@link IOException} once the
     * console ended or the stream was closed.
     */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Ends the stream without waiting for the guest; closing it again does nothing. */
    @Override
    void close();
}
