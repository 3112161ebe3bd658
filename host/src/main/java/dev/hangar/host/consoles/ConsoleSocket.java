package dev.hangar.host.consoles;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The console websocket, {@code /consoles/ws/{ticket}}, on the host's Jetty (Jakarta WebSocket, as
 * Vaadin's push already uses): one instance per connection. The upgrade request's HTTP session is
 * taken in the handshake, the only moment it is at hand; everything else is the hub's.
 */
public final class ConsoleSocket extends Endpoint {
    private static final String HANDSHAKE = ConsoleHub.Handshake.class.getName();

    private final ConsoleHub hub;
    private volatile CompletionStage<Connection> connection;

    private ConsoleSocket(ConsoleHub hub) {
        this.hub = hub;
    }

    /** The endpoint to register with the web server's websocket container. */
    public static ServerEndpointConfig config(ConsoleHub hub) {
        return ServerEndpointConfig.Builder.create(ConsoleSocket.class, ConsoleHub.PATH + "{ticket}")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                            HandshakeResponse response) {
                        // Jetty gives each upgrade its own copy of the user properties.
                        config.getUserProperties().put(HANDSHAKE, hub.handshake(request.getHttpSession(),
                                header(request, "Origin"), header(request, "Host")));
                    }

                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new ConsoleSocket(hub));
                    }
                })
                .build();
    }

    private static String header(HandshakeRequest request, String name) {
        // Header names are case-insensitive; the request's map may keep the client's spelling.
        return request.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxBinaryMessageBufferSize(ConsoleHub.MAX_INPUT_MESSAGE);
        session.setMaxIdleTimeout(hub.socketIdleTimeout().toMillis());
        // Browsers send no text; a small limit closes a socket that tries.
        session.setMaxTextMessageBufferSize(1024);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) message -> input(session, message));
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> { });
        Object handshake = config.getUserProperties().get(HANDSHAKE);
        connection = hub.connect(session, session.getPathParameters().get("ticket"),
                handshake instanceof ConsoleHub.Handshake given ? given : new ConsoleHub.Handshake(null, null, null));
    }

    /** Blocks while the guest's input queue is full: this socket then reads no further. */
    private void input(Session session, ByteBuffer message) {
        if (!(session.getUserProperties().get(Connection.class.getName()) instanceof Connection open)) {
            return;  // still being checked: see Connection.input
        }
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        try {
            open.input(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        CompletionStage<Connection> opening = connection;
        if (opening != null) {
            opening.thenAccept(open -> hub.closedByBrowser(open, reason));
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        // onClose follows.
    }
}
