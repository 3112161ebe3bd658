package dev.hangar.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Role;
import dev.hangar.host.security.auth.UsersFile;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Proof that a provider is really external: the built distribution runs as a child process on a
 * plugins folder without plugin-example; the test drops the example's JAR (the one the distribution
 * bundles) into the folder while the host runs, and an administrator in headless Chromium rescans
 * on the Plugins page and sees its VMs, own state, tab, disk column and disk action; then unloads it
 * and sees them go, while a second window on one of its VMs stays free of errors.
 */
class ExternalPluginIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String ADMIN = "plugin-admin";
    private static final String PASSWORD = "plugin-admin-pw-7";

    @TempDir
    Path temp;
    private Process hangar;
    private Path log;
    private ChromeDriver browser;
    private String url;

    @BeforeEach
    void startTheDistributionWithoutTheExample() throws Exception {
        Path distribution = Path.of(System.getProperty("hangar.distribution", "target/hangar"));
        assertTrue(Files.isExecutable(distribution.resolve("bin/hangar")), "build the distribution first: " + distribution);
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path data = Files.createDirectories(temp.resolve("data"));
        new UsersFile(data.resolve("users")).add(ADMIN, Role.ADMINISTRATOR, PASSWORD);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = temp.resolve("hangar.log");
        hangar = new ProcessBuilder(distribution.resolve("bin/hangar").toString(), "--bind", "127.0.0.1",
                "--port", String.valueOf(port), "--plugins-dir", plugins.toString(), "--data-dir", data.toString(),
                "--auth", "file", "--option", "example-transition-ms=300", "--option", "example-migration-seconds=600",
                "--option", "example-migration-interval-seconds=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        url = "http://127.0.0.1:" + port + "/";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("Hangar is running at")) {
            assertTrue(hangar.isAlive(), () -> "bin/hangar exited:\n" + output());
            assertTrue(System.nanoTime() < deadline, () -> "bin/hangar did not start:\n" + output());
            Thread.sleep(200);
        }
        browser = chromium();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (hangar != null) {
            hangar.destroy();
            if (!hangar.waitFor(20, TimeUnit.SECONDS)) {
                hangar.destroyForcibly();
            }
        }
    }

    @Test
    void dropRescanUseUnload() throws Exception {
        signIn();
        browser.get(url + "plugins");
        awaitText("The plugins folder holds no plugin.");

        Path jar = bundledExampleJar();
        Path part = Files.copy(jar, temp.resolve("example.jar.part"));
        Files.move(part, temp.resolve("plugins/hangar-plugin-example.jar"), StandardCopyOption.ATOMIC_MOVE);
        click(".plugins-rescan");
        awaitText("Loaded example");
        awaitText("active");
        assertTrue(text().contains("example (active)"), text());
        screenshot("plugins-page-after-rescan");

        browser.get(url);
        awaitText("web-1");
        awaitText("Migrating");
        for (String vm : List.of("web-1", "web-2", "db-1", "db-2", "cache-1", "monitor-1")) {
            assertTrue(text().contains(vm), vm + " in the list:\n" + text());
        }

        String details = url + "vm/example/" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("engine://example".getBytes(StandardCharsets.UTF_8)) + "/web-1";
        browser.get(details);
        awaitText("Operations");
        clickTab("Disks");
        awaitText("Snapshots");
        awaitText("Snapshot all disks");
        click(".example-snapshot-all");
        awaitText("Take a snapshot of vda of 'web-1'?");
        clickConfirm();
        awaitText("Snapshot of 'web-1' taken");
        clickTab("Operations");
        awaitText("Snapshot of vda");
        screenshot("example-operations-tab");

        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(details);
        awaitText("Operations");
        String second = browser.getWindowHandle();

        browser.switchTo().window(first);
        browser.get(url + "plugins");
        awaitText("example (active)");
        click(".plugin-unload");
        awaitText("Unload plugin example?");
        clickConfirm();
        awaitText("unloaded");

        browser.get(url);
        awaitText("Virtual machines");
        new WebDriverWait(browser, WAIT).until(d -> !text().contains("web-1"));

        browser.switchTo().window(second);
        new WebDriverWait(browser, WAIT).until(d -> !text().contains("Operations"));
        String after = text();
        assertFalse(after.contains("Snapshot all disks"), after);
        assertFalse(after.contains("NoClassDefFoundError") || after.contains("Internal error"), after);
        assertFalse(output().contains("NoClassDefFoundError"), output());
    }

    /** Saved under target/screenshots for people to look at. */
    private void screenshot(String name) throws IOException {
        Path folder = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(folder.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private Path bundledExampleJar() throws IOException {
        Path bundled = Path.of(System.getProperty("hangar.distribution", "target/hangar"), "plugins");
        try (Stream<Path> files = Files.list(bundled)) {
            return files.filter(p -> p.getFileName().toString().startsWith("hangar-plugin-example-")).findFirst()
                    .orElseThrow(() -> new AssertionError("the distribution bundles no plugin-example in " + bundled));
        }
    }

    private void signIn() {
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name='username']")).isEmpty());
        browser.findElement(By.cssSelector("vaadin-login-form input[name='username']")).sendKeys(ADMIN);
        browser.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys(PASSWORD, Keys.ENTER);
        wait.until(d -> d.findElements(By.cssSelector("vaadin-login-form")).isEmpty() && text().contains("Virtual machines"));
    }

    /** The page's text, shadow roots included, styles and scripts left out, white space collapsed. */
    private String text() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const deep = n => (n.shadowRoot ? deep(n.shadowRoot) : '') + Array.from(n.childNodes)"
                        + ".map(c => c.nodeType === 3 ? c.textContent + ' ' : /^(STYLE|SCRIPT)$/.test(c.nodeName) ? '' : deep(c))"
                        + ".join(''); return deep(document.body).replace(/\\s+/g, ' ');"));
    }

    private void awaitText(String expected) {
        try {
            new WebDriverWait(browser, WAIT).until(d -> text().contains(expected));
        } catch (RuntimeException e) {
            throw new AssertionError("the page never showed '" + expected + "':\n" + text() + "\n--- host:\n" + output(), e);
        }
    }

    private void click(String css) {
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
        ((JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).click()", css);
    }

    private void clickTab(String label) {
        ((JavascriptExecutor) browser).executeScript("Array.from(document.querySelectorAll('vaadin-tab'))"
                + ".find(t => t.textContent.trim() === arguments[0]).click()", label);
    }

    private void clickConfirm() {
        click("[slot='confirm-button']");
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private ChromeDriver chromium() throws IOException {
        System.setProperty("SE_OFFLINE", "true");
        Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
