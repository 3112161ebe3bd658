package dev.hangar.host.consoles;

import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.transport.WebServer;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.Folders;
import dev.hangar.testsupport.ManualClock;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.testsupport.Waiting;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Hangar behind the real web server on a free port, with a {@link TestProvider} whose VM
 * {@code web1} runs, and browsers made of {@link HttpClient}s: each has its own HTTP session, signed
 * in (or not) as a user of some role, the way the login page signs a session in.
 */
final class ConsoleHost implements AutoCloseable {
    /** A test-only endpoint that hands the test the Vaadin session of the upgrade request's HTTP session. */
    private static final String WHO = "/test/who-am-i";

    final Hangar hangar;
    final ManualClock clock;
    final TestProvider provider = new TestProvider("test");
    final Vm vm;
    final WebServer server;
    private final Path dir;
    private final Map<String, VaadinSession> byHttpSession = new ConcurrentHashMap<>();
    private final List<ConsoleClient> clients = new ArrayList<>();

    ConsoleHost(String... options) throws Exception {
        dir = Files.createTempDirectory("hangar-consoles-test");
        clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
        List<String> args = new ArrayList<>(List.of("--auth", "file"));
        args.addAll(List.of(options));
        hangar = TestHangar.startHangar(Files.createDirectories(dir.resolve("plugins")), dir.resolve("data"), clock, args);
        hangar.providers().activate("plugin-test", provider).toCompletableFuture().get(10, TimeUnit.SECONDS);
        vm = provider.put(provider.vm("web1", VmStates.RUNNING));
        server = WebServer.start("127.0.0.1", 0, hangar.options().security(), Map.of(Hangar.class.getName(), hangar),
                List.of(ConsoleSocket.config(hangar.consoleGate()), whoAmI()));
    }

    private ServerEndpointConfig whoAmI() {
        return ServerEndpointConfig.Builder.create(Silent.class, WHO).configurator(new ServerEndpointConfig.Configurator() {
            @Override
            public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
                if (request.getHttpSession() instanceof HttpSession http) {
                    VaadinSession.getAllSessions(http).forEach(session -> byHttpSession.put(http.getId(), session));
                }
            }
        }).build();
    }

    /** The test endpoint's: it does nothing. */
    public static final class Silent extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    URI uri(String path) {
        return URI.create(server.url()).resolve(path);
    }

    URI ws(String path) {
        return URI.create(server.url().replaceFirst("^http", "ws")).resolve(path);
    }

    /** A browser that has not signed in (it has no HTTP session yet). */
    Browser anonymous() {
        return new Browser(null, null);
    }

    /**
     * A browser whose session is signed in as {@code name} with {@code role}, as the login page does it
     * (listed in Sessions); the account is created in the users file with that role.
     */
    Browser signedIn(String name, Role role) throws Exception {
        if (!usersFile().read().containsKey(name)) {
            usersFile().add(name, role, "secret-" + name);
        }
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        String id = cookie(http);
        if (id == null) {
            throw new AssertionError("GET / gave no session cookie: " + page.statusCode() + " " + page.headers().map());
        }
        http.newWebSocketBuilder().buildAsync(ws(WHO), new java.net.http.WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS).sendClose(1000, "").get(10, TimeUnit.SECONDS);
        VaadinSession session = byHttpSession.get(id);
        if (session == null) {
            throw new AssertionError("no Vaadin session in HTTP session " + id);
        }
        Actor actor = new Actor(name, role, "127.0.0.1");
        session.lock();
        try {
            hangar.security().sessions().signIn(session, actor);
        } finally {
            session.unlock();
        }
        return new Browser(http, session);
    }

    dev.hangar.host.security.auth.UsersFile usersFile() {
        return new dev.hangar.host.security.auth.UsersFile(dir.resolve("data").resolve("users"));
    }

    private static String cookie(HttpClient http) {
        CookieManager cookies = (CookieManager) http.cookieHandler().orElseThrow();
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(c -> c.getValue().replaceFirst("\\..*$", "")).findFirst().orElse(null);
    }

    /** One browser: its HTTP client (with its session cookie) and its Vaadin session (null when anonymous). */
    final class Browser {
        final HttpClient http;
        final VaadinSession session;

        Browser(HttpClient http, VaadinSession session) {
            this.http = http == null ? HttpClient.newHttpClient() : http;
            this.session = session;
        }

        /** The console address the VM page gets for this session, as the page asks for it (under the session's lock). */
        String address(String consoleId, boolean takeOver) {
            session.lock();
            try {
                return hangar.consoleGate().address(session, new ConsoleTarget(vm.ref(), consoleId), takeOver);
            } finally {
                session.unlock();
            }
        }

        /** Connects a websocket to {@code path} with this browser's cookie; {@code reading}: whether it takes what arrives. */
        ConsoleClient connect(String path, boolean reading) throws Exception {
            return connect(path, reading, null);
        }

        /** As a browser on a page of {@code origin} ("http://127.0.0.1:port" is this host's own) connects. */
        ConsoleClient connect(String path, boolean reading, String origin) throws Exception {
            ConsoleClient client = ConsoleClient.connect(http, ws(path), reading, origin);
            clients.add(client);
            return client;
        }

        ConsoleClient connect(String path) throws Exception {
            return connect(path, true);
        }

        /** Signs out as the page's "Sign out" does: the HTTP session ends. */
        void signOut() {
            session.lock();
            try {
                session.setAttribute(Actor.class, null);
                session.getSession().invalidate();
            } finally {
                session.unlock();
            }
        }
    }

    /** The audit entries of console sessions, oldest first. */
    List<AuditEntry> audit() {
        return hangar.security().audit().last(1000).stream().filter(e -> e.verb().startsWith("console_")).toList();
    }

    /** Waits for an audit entry of {@code verb} with {@code result}, and returns it. */
    AuditEntry awaitAudit(String verb, String result) {
        return Waiting.await("a " + verb + " " + result + " in the audit log").until(() -> audit().stream()
                .filter(e -> e.verb().equals(verb) && e.result().equals(result)).reduce((a, b) -> b).orElse(null),
                e -> e != null);
    }

    @Override
    public void close() throws Exception {
        for (ConsoleClient client : clients) {
            client.abort();
        }
        server.close();
        hangar.close();
        Folders.delete(dir);
    }
}
