package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Login;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console elements as the distribution serves them (frontend/consoles, bundled by esbuild into
 * /consoles/hangar-consoles.js beside Vaadin's pre-compiled bundle), in a real Chromium against the
 * real host: the module is served as JavaScript and defines both elements; the VM list does not load
 * it; and an element whose connection the host's console websocket refuses says why and does not
 * try again, while one whose connection merely drops does.
 */
class ConsoleElementsIT {
    private static final String MODULE = "/consoles/hangar-consoles.js";
    /** Loads the module into the page the browser shows (async script: the last argument is the callback). */
    private static final String IMPORT = "const done = arguments[arguments.length - 1];"
            + " import('" + MODULE + "').then(() => done(null), e => done(String(e)));";

    private DemoHangar hangar;
    private Chromium browser;

    @BeforeEach
    void start() throws Exception {
        hangar = DemoHangar.start("/ui/browser-host.xml");
        browser = Chromium.start();
    }

    @AfterEach
    void stop() throws Exception {
        try (DemoHangar h = hangar; Chromium b = browser) {
            // Closes the browser, then the host; either may be missing when starting failed.
        }
    }

    @Test
    void servesOneModuleThatDefinesBothElements() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of(MODULE, "/consoles/hangar-consoles.css")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hangar.url).resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path);
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith(path.endsWith(".js") ? "text/javascript" : "text/css"), path + " is served as " + type);
        }

        browser.driver.get(hangar.url);
        browser.find("vaadin-login-form");
        assertEquals(null, browser.driver.executeAsyncScript(IMPORT), "the module loads as an ES module");
        assertEquals(List.of("function", "function"), browser.driver.executeScript(
                "return ['hangar-vnc-console', 'hangar-serial-console'].map(n => typeof customElements.get(n))"));
        // The serial element renders xterm's DOM (readable text, light DOM) with xterm's stylesheet linked.
        browser.driver.executeScript("document.body.append(document.createElement('hangar-serial-console'))");
        browser.find("hangar-serial-console .xterm-rows");
        browser.waitUntil("hangar-consoles.css is linked and loaded", d -> Boolean.TRUE.equals(browser.driver.executeScript(
                "const l = document.querySelector('link[data-hangar-consoles]'); return !!l && !!l.sheet"
                        + " && getComputedStyle(document.querySelector('hangar-serial-console .xterm-helper-textarea')).position === 'absolute'")));
    }

    @Test
    void theVmListDoesNotLoadTheConsoleModule() {
        Login.signIn(browser.driver, hangar.url, "admin", hangar.password);
        browser.find("vaadin-grid.vm-grid a.vm-name");
        browser.awaitIdle();
        assertEquals(List.of(), browser.driver.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/consoles/'))"));
        assertEquals(Boolean.FALSE, browser.driver.executeScript("return !!customElements.get('hangar-vnc-console')"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRefusedConsoleSaysWhyAndDoesNotReconnect() {
        browser.driver.get(hangar.url);
        browser.find("vaadin-login-form");
        // Counts the sockets each element opens, and keeps the console-state events.
        browser.driver.executeScript("window.sockets = {}; window.states = [];"
                + " const Native = window.WebSocket;"
                + " window.WebSocket = class extends Native { constructor(url, p) { super(url, p);"
                + "   const path = new URL(url).pathname; window.sockets[path] = (window.sockets[path] || 0) + 1; } };"
                + " document.addEventListener('console-state', e => window.states.push({id: e.target.id, ...e.detail}));");
        // An address with no ticket behind it: the host accepts the upgrade and refuses it (4404,
        // with its reason). This element is in the page before the module loads, as a Vaadin
        // component's may be: it connects when upgraded.
        String add = "const e = document.createElement(arguments[1]); e.id = arguments[0];"
                + " e.setAttribute('src', arguments[2]); document.body.append(e);";
        browser.driver.executeScript(add, "refused", "hangar-serial-console", "/consoles/ws/no-such-ticket");
        assertEquals(null, browser.driver.executeAsyncScript(IMPORT));
        // This one's path is no websocket at all, so its connection fails (1006) and it retries: once
        // it has, the refused one has had as long to try again.
        browser.driver.executeScript(add, "dropped", "hangar-vnc-console", "/consoles/not-a-websocket");
        browser.waitUntil("the dropped element to connect a second time", d -> ((Map<String, Long>) browser.driver
                .executeScript("return window.sockets")).getOrDefault("/consoles/not-a-websocket", 0L) >= 2);

        Map<String, Long> sockets = (Map<String, Long>) browser.driver.executeScript("return window.sockets");
        assertEquals(1L, sockets.get("/consoles/ws/no-such-ticket"), "the refused element opened one socket only: " + sockets);
        List<Map<String, Object>> refused = ((List<Map<String, Object>>) browser.driver.executeScript(
                "return window.states.filter(s => s.id === 'refused')"));
        Map<String, Object> last = refused.get(refused.size() - 1);
        assertEquals("disconnected", last.get("state"), "events: " + refused);
        assertEquals(4404L, last.get("code"), "events: " + refused);
        String reason = (String) last.get("reason");
        assertNotEquals("", reason);
        assertEquals("disconnected", browser.driver.executeScript("return document.getElementById('refused').getAttribute('state')"));
        assertEquals(reason, browser.find("#refused .console-message").getText(), "the reason in words, with no retry");
        assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.states.some(s => s.id === 'dropped'"
                + " && s.state === 'disconnected' && s.code === 1006)"), "the dropped one was dropped, not refused");
    }
}
