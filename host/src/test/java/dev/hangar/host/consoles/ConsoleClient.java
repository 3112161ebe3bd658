package dev.hangar.host.consoles;

import dev.hangar.testsupport.Waiting;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A browser's console websocket, made with the JDK's client: what arrives (binary bytes, text
 * notices), how it was closed. A client that is not {@code reading} asks for no message at all, so
 * its socket's buffers fill and the host's sends stall, as with a browser that cannot keep up.
 */
final class ConsoleClient {
    /** The start of the output kept as text; the rest is only counted. */
    private static final int KEPT = 1 << 20;

    /** A close as the client saw it. */
    record Closed(int code, String reason) {
    }

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    final AtomicLong received = new AtomicLong();
    final List<String> notices = new CopyOnWriteArrayList<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private volatile boolean reading;

    private ConsoleClient(boolean reading) {
        this.reading = reading;
    }

    /** Connects as a client that sends no {@code Origin} (as non-browser clients do), or with {@code origin} as a browser does. */
    static ConsoleClient connect(HttpClient http, URI uri, boolean reading, String origin) throws Exception {
        ConsoleClient client = new ConsoleClient(reading);
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(uri, client.new Listener()).get(10, TimeUnit.SECONDS);
        return client;
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            int length = data.remaining();
            synchronized (kept) {
                if (kept.size() < KEPT) {
                    byte[] bytes = new byte[length];
                    data.get(bytes);
                    kept.write(bytes, 0, bytes.length);
                }
            }
            received.addAndGet(length);
            next(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            notices.add(data.toString());
            next(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }
    }

    private void next(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    /** A client that was not reading starts to. */
    void startReading() {
        reading = true;
        socket.request(1);
    }

    /** The output so far (its first MiB) as text. */
    String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    void send(String text) {
        socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true).join();
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    void abort() {
        socket.abort();
    }

    /** Waits until the output contains {@code text}. */
    void awaitText(String text) {
        Waiting.await("'" + text + "' in the console's output").until(() -> text().contains(text));
    }

    /** Waits for the host to close the socket; returns how. */
    Closed awaitClosed() {
        Waiting.await("the host to close the console socket").until(closed::isDone);
        return closed.join();
    }
}
