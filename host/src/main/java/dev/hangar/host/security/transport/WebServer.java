package dev.hangar.host.security.transport;

import dev.hangar.host.security.SecurityOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The embedded Jetty 12 serving Vaadin, built here rather than with vaadin-boot because the host needs
 * HTTPS: with a certificate, one port speaks TLS, and plain HTTP arriving on the same port is redirected
 * to HTTPS. Every response carries the {@link SecurityHeaders}.
 */
public final class WebServer implements AutoCloseable {
    /**
     * The class-path entries Jetty scans, as a WAR's WEB-INF/lib would be: for annotations and
     * {@code @HandlesTypes} classes, and for {@code META-INF/resources}. Scanning every JAR (Jetty, Jackson,
     * spring-data-commons, ...) cost about a third of the start-up's CPU; only these matter:
     * <ul>
     * <li>{@code hangar-*.jar}, and {@code .../classes/} when run from a build or IDE: the host's own
     * {@code @Route} views, {@code AppShellConfigurator} and anything else Vaadin's initializers handle.
     * <li>{@code flow-server}: its {@code @WebListener} that deploys the Vaadin servlet at all, Vaadin's own
     * error views ({@code HasErrorParameter}: "Could not navigate to ...") and the lookup defaults.
     * <li>{@code flow-push}: {@code META-INF/resources/VAADIN/static/push/vaadinPush-min.js}, which the
     * browser loads for {@code @Push}; without it the page never starts.
     * </ul>
     * Nothing else on the class path has classes those initializers look for (checked for Flow 24.9: the
     * component JARs' {@code META-INF/resources/frontend} sources are only for building the frontend
     * bundle, which is pre-compiled). The service-loaded initializers of all JARs (Vaadin's, Atmosphere's,
     * Jetty's websocket) still run; this only limits which classes they are shown.
     */
    static final String SCANNED_CLASS_PATH = ".*/hangar-[^/]*\\.jar$|.*/flow-(server|push)-[^/]*\\.jar$|.*/classes/.*";

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    private WebServer(Server server, ServerConnector connector, boolean tls) {
        this.server = server;
        this.connector = connector;
        this.tls = tls;
    }

    /**
     * Starts serving the Vaadin application of the class path on {@code bind:port}.
     *
     * @param attributes put into the servlet context before Vaadin starts: how the application reaches its views
     * @param websockets the application's own websocket endpoints (the consoles'), beside Vaadin's push
     */
    public static WebServer start(String bind, int port, SecurityOptions security, Map<String, Object> attributes,
            List<ServerEndpointConfig> websockets) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        ConnectionFactory[] factories = {plain};
        WebAppContext context = webApp(security);
        attributes.forEach(context::setAttribute);
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            for (ServerEndpointConfig endpoint : websockets) {
                container.addEndpoint(endpoint);
            }
        });
        Handler app = context;
        if (security.tls()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // The certificate names the host as its administrator chose; do not refuse other names for it.
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            http.setSecureScheme("https");
            http.setSecurePort(port);
            SslConnectionFactory ssl = new SslConnectionFactory(sslContext(security), plain.getProtocol());
            // Detects TLS by its first bytes; anything else is plain HTTP and gets redirected below.
            factories = new ConnectionFactory[] {new DetectorConnectionFactory(ssl), plain};
            app = new SecuredRedirectHandler(app);
        }
        ServerConnector connector = new ServerConnector(server, factories);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new SecurityHeaders(app));
        server.start();
        return new WebServer(server, connector, security.tls());
    }

    /** The address browsers use, e.g. {@code https://127.0.0.1:8443/}. */
    public String url() {
        String host = connector.getHost().contains(":") ? "[" + connector.getHost() + "]" : connector.getHost();
        return (tls ? "https" : "http") + "://" + host + ":" + connector.getLocalPort() + "/";
    }

    /** Whether serving on this address without TLS sends passwords in clear text over a network. */
    public static boolean exposedWithoutTls(String bind, SecurityOptions security) throws IOException {
        return !security.tls() && !InetAddress.getByName(bind).isLoopbackAddress();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Vaadin's servlet and listeners are found by scanning the class path, as in a WAR. */
    private static WebAppContext webApp(SecurityOptions security) throws URISyntaxException {
        WebAppContext context = new WebAppContext();
        URL marker = WebServer.class.getResource("/webapp/ROOT");
        if (marker == null) {
            throw new IllegalStateException("webapp/ROOT is missing from the class path");
        }
        URI root = URI.create(marker.toURI().toString().replaceFirst("/ROOT$", ""));
        context.setBaseResource(context.getResourceFactory().newResource(root));
        context.setContextPath("/");
        context.setThrowUnavailableOnStartupException(true);
        context.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, SCANNED_CLASS_PATH);
        context.setConfigurationDiscovered(true);
        // Scripts never need the session cookie, and no other site may send it along.
        context.getSessionHandler().setHttpOnly(true);
        context.getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);
        // Sessions of closed browsers (no heartbeats) end too; open ones are ended by Sessions.
        context.getSessionHandler().setMaxInactiveInterval((int) security.sessionTimeout().toSeconds());
        return context;
    }

    private static SslContextFactory.Server sslContext(SecurityOptions security) throws IOException, GeneralSecurityException {
        // The key store lives only in memory; a random password is as good as any.
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getEncoder().encodeToString(secret);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemIdentity.load(security.tlsCert(), security.tlsKey(), password.toCharArray()));
        ssl.setKeyStorePassword(password);
        ssl.setCertAlias(PemIdentity.ALIAS);
        return ssl;
    }
}
