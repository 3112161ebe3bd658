package dev.hangar.libvirt;

import dev.hangar.plugins.capability.ConsoleStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A graphics console of a remote libvirt host, reached over TCP from Hangar's own machine (a remote
 * connection cannot pass descriptors). Nothing of it is exposed to browsers: the host carries the
 * bytes over its authenticated websocket.
 */
final class SocketConsoleStream implements ConsoleStream {
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean closed;

    private SocketConsoleStream(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static SocketConsoleStream connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return new SocketConsoleStream(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        try {
            int n = in.read(buffer);
            return closed ? -1 : n;
        } catch (IOException e) {
            if (closed) {
                return -1;
            }
            throw e;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            // Closing the socket ends a read blocked on it with an exception, taken as the end above.
            socket.close();
        } catch (IOException e) {
            // Closed already.
        }
    }
}
