package dev.hangar.host.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Distribution;
import dev.hangar.testsupport.Folders;
import dev.hangar.testsupport.Login;
import dev.hangar.testsupport.RunningHangar;
import dev.hangar.testsupport.Waiting;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The distribution as users meet it, in headless Chromium: the demo's users file with its first-start
 * administrator, sign-in, roles, headers and push under the CSP. The PAM + TLS + timeout instance is
 * in {@link #pamOverTlsWithInactivityTimeout()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityBrowserIT {
    /** VMs of the test driver's host: none may reach an anonymous browser. */
    private static final List<String> VMS = List.of("secret-vm-alpha", "secret-vm-beta");
    /** Generous: a first render on a loaded two-core machine can take many seconds. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final Distribution distribution = Distribution.built();
    private Path dir;
    private RunningHangar hangar;
    private String adminPassword;
    private Chromium browser;

    @BeforeAll
    void startTheDemo() throws Exception {
        dir = Files.createTempDirectory("hangar-security-it");
        Files.writeString(dir.resolve("host.xml"), testDriverHost());
        // The proxy option comes from the configuration file, as any option may.
        Files.writeString(dir.resolve("hangar.conf"), "trusted-proxy = 127.0.0.1\n");
        hangar = distribution.startAndAwait(dir.resolve("hangar.log"), "--auth", "file", "--data-dir",
                dir.resolve("data").toString(), "--libvirt-uri", libvirtUri(), "--config", dir.resolve("hangar.conf").toString(),
                "--port", String.valueOf(Distribution.freePort()));
        adminPassword = hangar.oneTimePassword();
        distribution.addUser(dir.resolve("data"), "vera", "viewer", "vera-pw-1");
    }

    @AfterAll
    void stop() throws Exception {
        if (hangar != null) {
            hangar.close();
        }
        Folders.delete(dir);
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Chromium.start(1280, 800, true);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        browser.close();
    }

    private void awaitText(String text) {
        browser.awaitText(text);
    }

    private String visibleText() {
        return browser.text();
    }

    private void awaitLoginForm() {
        new WebDriverWait(browser.driver, WAIT)
                .withMessage(() -> "no login form at " + browser.driver.getCurrentUrl() + ", the page shows: " + visibleText())
                .until(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name='password']")).isEmpty());
    }

    @Test
    void theFirstStartPasswordIsPrintedOnceAndOnlyItsHashIsStored() throws Exception {
        String users = Files.readString(dir.resolve("data/users"));
        assertFalse(users.contains(adminPassword));
        assertTrue(users.contains("admin:administrator:$argon2id$"), users);
    }

    @Test
    void anAnonymousBrowserGetsTheLoginFormAndNoVmName() {
        for (String page : List.of("", "audit", "vm/libvirt/test/web-01")) {
            browser.driver.get(hangar.url() + page);
            awaitLoginForm();
            // Let the page settle, so that anything rendered after the form would show up too.
            browser.awaitIdle();
            String source = browser.driver.getPageSource();
            for (String vm : VMS) {
                assertFalse(source.contains(vm), vm + " reached an anonymous browser on /" + page);
            }
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameMessage() {
        browser.driver.get(hangar.url());
        Login.submit(browser.driver, "admin", "wrong");
        awaitText("Incorrect user name or password.");
        Login.submit(browser.driver, "nobody", adminPassword);
        awaitText("Incorrect user name or password.");
        assertFalse(visibleText().contains("secret-vm-alpha"));
    }

    @Test
    void signInChangesTheSessionIdAndTheConsoleRendersWithPushUnderTheCsp() {
        browser.driver.get(hangar.url());
        awaitLoginForm();
        String before = sessionCookie().getValue();
        Login.signIn(browser.driver, hangar.url(), "admin", adminPassword);
        awaitText("secret-vm-alpha");

        Cookie after = sessionCookie();
        assertNotEquals(before, after.getValue(), "the session id did not change at sign-in");
        assertTrue(after.isHttpOnly());
        List<String> csp = browser.consoleMessages().stream().filter(m -> m.contains("Content Security Policy")).toList();
        assertEquals(List.of(), csp);
        assertTrue(browser.networkEvents().stream().anyMatch(e -> e.contains("Network.webSocketHandshakeResponseReceived")
                && e.contains("\"status\":101")), "no push websocket was opened");

        assertTrue(browser.driver.findElements(By.cssSelector(".vm-primary-action")).stream().anyMatch(WebElement::isDisplayed),
                "an administrator sees no action on running VMs");

        browser.driver.get(hangar.url() + "audit");
        awaitText("Audit log");
        // The task log is one click away in the drawer (its column headers show once it opened).
        browser.driver.findElement(By.cssSelector("vaadin-side-nav-item[path='tasks']")).click();
        awaitText("Duration");
        // The State inspector, from the administrator's menu: the store's actions, live, as text.
        browser.driver.findElement(By.cssSelector("vaadin-side-nav-item[path='inspector']")).click();
        awaitText(" of the last ");
        String count = browser.driver.findElement(By.cssSelector(".inspector-count")).getText();
        assertFalse(count.startsWith("0 "), "the inspector lists no action: " + count);
    }

    @Test
    void signingOutEndsTheSession() {
        Login.signIn(browser.driver, hangar.url(), "admin", adminPassword);
        awaitText("admin (administrator)");
        browser.driver.findElement(By.cssSelector(".hangar-sign-out")).click();
        awaitLoginForm();
        browser.driver.get(hangar.url());
        awaitLoginForm();
        browser.awaitIdle();
        assertFalse(visibleText().contains("secret-vm-alpha"));
    }

    @Test
    void aViewerSeesNoActionAndIsKeptOutOfTheAuditLog() {
        Login.signIn(browser.driver, hangar.url(), "vera", "vera-pw-1");
        awaitText("secret-vm-alpha");
        // The rows' templates keep their buttons hidden, not absent, where nothing is allowed.
        assertFalse(browser.driver.findElements(By.cssSelector(".vm-primary-action, .vm-menu")).stream()
                .anyMatch(WebElement::isDisplayed), "a viewer is offered an action");
        browser.driver.get(hangar.url() + "audit");
        awaitText("secret-vm-alpha");
        assertFalse(visibleText().contains("Audit log"));
        browser.driver.get(hangar.url() + "inspector");
        awaitText("secret-vm-alpha");
        assertFalse(visibleText().contains("State inspector"));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(hangar.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        String cookie = response.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(Optional.empty(), response.headers().firstValue("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    @Test
    void aBookmarkedAddressIsWhereSignInLands() {
        String connection = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(libvirtUri().getBytes(StandardCharsets.UTF_8));
        for (String page : List.of("plugins?from=bookmark", "vm/libvirt/" + connection + "/secret-vm-beta")) {
            browser.driver.manage().deleteAllCookies();
            Login.signIn(browser.driver, hangar.url() + page, "vera", "vera-pw-1");
            new WebDriverWait(browser.driver, WAIT).withMessage(() -> "signed in at " + browser.driver.getCurrentUrl())
                    .until(d -> d.getCurrentUrl().equals(hangar.url() + page));
            awaitText(page.startsWith("plugins") ? "Plugins" : "secret-vm-beta");
        }
    }

    @Test
    void signInsAreAuditedWithTheClientAddressTheTrustedProxyForwards() throws Exception {
        // As a reverse proxy on 127.0.0.1 (trusted by the configuration file) would send it.
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        browser.driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7")));
        browser.driver.get(hangar.url());
        Login.submit(browser.driver, "vera", "not-veras-password");
        awaitText("Incorrect user name or password.");
        Login.signIn(browser.driver, hangar.url(), "vera", "vera-pw-1");

        List<String> signIns = Files.readAllLines(dir.resolve("data/audit.log")).stream()
                .filter(line -> line.contains("\"verb\":\"sign-in\"") && line.contains("203.0.113.7")).toList();
        assertEquals(2, signIns.size(), String.join("\n", signIns));
        assertTrue(signIns.get(0).contains("\"user\":\"vera\"") && signIns.get(0).contains("\"result\":\"failed\""), signIns.get(0));
        assertTrue(signIns.get(1).contains("\"role\":\"viewer\"") && signIns.get(1).contains("\"result\":\"ok\""), signIns.get(1));
        assertFalse(signIns.toString().contains("not-veras-password"));
    }

    @Test
    void aDemotedThenRemovedUsersOpenSessionFollowsTheUsersFileAtItsNextRequest() throws Exception {
        Path data = dir.resolve("data");
        distribution.addUser(data, "otto", "operator", "otto-pw-1");
        Login.signIn(browser.driver, hangar.url(), "otto", "otto-pw-1");
        awaitText("otto (operator)");

        distribution.user(data, "otto-pw-2", "passwd", "otto", "--role", "viewer");
        browser.driver.navigate().refresh();
        awaitText("otto (viewer)");
        assertFalse(browser.driver.findElements(By.cssSelector(".vm-primary-action, .vm-menu")).stream()
                .anyMatch(WebElement::isDisplayed), "a demoted operator is still offered actions");

        distribution.user(data, null, "remove", "otto");
        browser.driver.navigate().refresh();
        awaitLoginForm();
        assertFalse(visibleText().contains("secret-vm-alpha"));
    }

    @Test
    void anAdministratorEndsAnotherUsersSessionsFromTheSessionsPage() throws Exception {
        Login.signIn(browser.driver, hangar.url(), "vera", "vera-pw-1");
        awaitText("secret-vm-alpha");
        try (Chromium admin = Chromium.start()) {
            Login.signIn(admin.driver, hangar.url(), "admin", adminPassword);
            admin.driver.findElement(By.cssSelector(".hangar-sessions")).click();
            WebDriverWait wait = new WebDriverWait(admin.driver, WAIT);
            wait.until(d -> d.getCurrentUrl().endsWith("/sessions"));
            By veras = By.cssSelector(".hangar-end-sessions[data-user='vera']");
            wait.until(d -> d.findElements(veras).stream().anyMatch(WebElement::isDisplayed));
            admin.driver.findElements(veras).get(0).click();
            // The grid keeps the cells of rows it no longer shows, hidden.
            wait.withMessage(() -> "vera's sessions are still listed: " + admin.driver.findElement(By.tagName("vaadin-grid")).getText())
                    .until(d -> d.findElements(veras).stream().noneMatch(WebElement::isDisplayed));
        }
        browser.driver.navigate().refresh();
        awaitLoginForm();
        assertTrue(Files.readString(dir.resolve("data/audit.log")).contains("\"target\":\"user:vera\",\"verb\":\"end-sessions\""));
    }

    @Test
    void pamOverTlsWithInactivityTimeout() throws Exception {
        Path tls = dir.resolve("tls");
        Files.createDirectories(tls);
        TestCertificate certificate = TestCertificate.create(tls);
        int port = Distribution.freePort();
        try (UnixTestAccount account = UnixTestAccount.create();
                RunningHangar secure = distribution.start(dir.resolve("hangar-tls.log"),
                        Map.of("JAVA_OPTS", "-Dvaadin.heartbeatInterval=2"), List.of("--auth", "pam", "--pam-service", account.service(), "--pam-role", account.group() + "=operator",
                        "--tls-cert", certificate.cert().toString(), "--tls-key", certificate.key().toString(),
                        "--session-timeout", "6s", "--libvirt-uri", libvirtUri(), "--data-dir", dir.resolve("data-tls").toString(),
                        "--port", String.valueOf(port)))) {
            assertEquals("https://127.0.0.1:" + port + "/", secure.awaitRunning());

            HttpURLConnection plain = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/audit").toURL().openConnection();
            plain.setInstanceFollowRedirects(false);
            assertTrue(plain.getResponseCode() / 100 == 3, "plain HTTP answered " + plain.getResponseCode());
            assertEquals("https://127.0.0.1:" + port + "/audit", plain.getHeaderField("Location"));

            Login.signIn(browser.driver, secure.url(), account.user(), account.password());
            awaitText("secret-vm-alpha");
            assertTrue(browser.driver.getCurrentUrl().startsWith("https://"));
            assertTrue(sessionCookie().isSecure());
            assertEquals("max-age=31536000", httpsHeader(secure.url(), certificate, "Strict-Transport-Security"));

            // No activity for longer than the timeout: the heartbeats (every 2 s) alone must not keep the
            // session; one of them finds it expired and ends it.
            Waiting.await("the session to end after 6 s without activity", Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> secure.log().contains("session of '" + account.user() + "' ended after inactivity"));
            browser.driver.navigate().refresh();
            awaitLoginForm();
        }
    }

    /** A header of an HTTPS response, the test's certificate trusted. */
    private static String httpsHeader(String url, TestCertificate certificate, String header) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("test", certificate.certificate());
        javax.net.ssl.TrustManagerFactory trusted = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trusted.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trusted.getTrustManagers(), null);
        HttpResponse<Void> response = HttpClient.newBuilder().sslContext(tls).build()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue(header).orElse("(none)");
    }

    private String libvirtUri() {
        return "test://" + dir.resolve("host.xml").toAbsolutePath();
    }

    /** A libvirt test-driver host with two running VMs of unmistakable names. */
    private static String testDriverHost() {
        StringBuilder xml = new StringBuilder("<node>\n");
        for (String vm : VMS) {
            xml.append("  <domain type='test'><name>").append(vm).append("</name><memory>65536</memory>")
                    .append("<vcpu>1</vcpu><os><type>hvm</type></os></domain>\n");
        }
        return xml.append("</node>\n").toString();
    }

    private Cookie sessionCookie() {
        Cookie cookie = browser.driver.manage().getCookieNamed("JSESSIONID");
        assertTrue(cookie != null, "no session cookie");
        return cookie;
    }
}
