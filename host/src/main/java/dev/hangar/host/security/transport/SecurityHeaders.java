package dev.hangar.host.security.transport;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Adds the browser security headers to every response, Vaadin's and static files' alike. */
final class SecurityHeaders extends Handler.Wrapper {
    /**
     * What Vaadin needs and no more: its bootstrap has inline scripts and its client evaluates the
     * scripts the server sends ('unsafe-eval'); Lumo sets inline styles; push connects back to the
     * same origin (ws/wss are covered by 'self'). Nothing may frame the console.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; "
            + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; "
            + "font-src 'self' data:; "
            + "connect-src 'self'; "
            + "object-src 'none'; "
            + "base-uri 'self'; "
            + "form-action 'self'; "
            + "frame-ancestors 'none'";

    /** A year; not for subdomains, which may be other services of other administrators. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    SecurityHeaders(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        if (request.isSecure()) {
            // Only over HTTPS: a browser ignores it on plain HTTP, and it must not pin a host that has no TLS.
            headers.put("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        return super.handle(request, response, callback);
    }
}
