package dev.hangar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through Debian's chromedriver (Selenium downloads nothing), with a fresh
 * profile folder that is deleted when the browser quits. {@code CHROME_BIN} and {@code CHROMEDRIVER}
 * override the paths; a missing binary fails with what to install.
 */
public final class Chromium implements AutoCloseable {
    /** Generous: a first render on a loaded two-core machine can take many seconds. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    public final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A 1280 × 800 window. */
    public static Chromium start() throws IOException {
        return start(1280, 800, false);
    }

    /**
     * A window of that size; with {@code logs}, the browser's console and DevTools network events are
     * kept for {@link #consoleMessages()} and {@link #networkEvents()}. Certificates are not checked:
     * the tests' own are made at test time and trusted by nobody.
     */
    public static Chromium start(int width, int height, boolean logs) throws IOException {
        Path browser = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        for (Path binary : List.of(browser, chromedriver)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("Browser tests need Debian's chromium and chromium-driver: " + binary
                        + " is missing (run scripts/test-env.sh, or set CHROME_BIN and CHROMEDRIVER)");
            }
        }
        System.setProperty("SE_OFFLINE", "true");
        Path profile = Files.createTempDirectory("hangar-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        options.setAcceptInsecureCerts(true);
        if (logs) {
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            // Selenium waits 300 s for a page by default; a hung host should fail sooner.
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(180));
            return new Chromium(driver, profile);
        } catch (WebDriverException e) {
            Files.deleteIfExists(profile);
            throw e;
        }
    }

    /** Waits until {@code check} holds, retrying while the page re-renders what it looks at; fails with {@code what}. */
    public void waitUntil(String what, Function<WebDriver, Boolean> check) {
        wait(WAIT).withMessage(what).until(check::apply);
    }

    /** A wait of that length that retries while the page re-renders the elements it looks at. */
    public WebDriverWait wait(Duration limit) {
        WebDriverWait wait = new WebDriverWait(driver, limit);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The first displayed element that {@code css} selects, once there is one. */
    public WebElement find(String css) {
        return wait(WAIT).withMessage("a displayed " + css + " at " + driver.getCurrentUrl()).until(d -> {
            for (WebElement element : d.findElements(By.cssSelector(css))) {
                if (element.isDisplayed()) {
                    return element;
                }
            }
            return null;
        });
    }

    /** The page's text, shadow roots included (the login form's messages live there), styles and scripts left out, white space collapsed. */
    public String text() {
        return String.valueOf(driver.executeScript(
                "const deep = n => (n.shadowRoot ? deep(n.shadowRoot) : '') + Array.from(n.childNodes)"
                        + ".map(c => c.nodeType === 3 ? c.textContent + ' ' : /^(STYLE|SCRIPT)$/.test(c.nodeName) ? '' : deep(c))"
                        + ".join(''); return deep(document.body).replace(/\\s+/g, ' ');"));
    }

    /** Waits until the page's {@link #text()} contains {@code expected}; the failure shows what it does show. */
    public void awaitText(String expected) {
        wait(WAIT).withMessage(() -> "no '" + expected + "' at " + driver.getCurrentUrl() + ", the page shows: " + text())
                .until(d -> text().contains(expected));
    }

    /**
     * Waits until the page's Vaadin client has no request to the server in flight, so that whatever
     * the page renders after the last response has rendered.
     */
    public void awaitIdle() {
        waitUntil("Vaadin's client to be idle at " + driver.getCurrentUrl(), d -> Boolean.TRUE.equals(driver.executeScript(
                "const flow = window.Vaadin && window.Vaadin.Flow;"
                        + " return document.readyState === 'complete' && !!flow && !!flow.clients"
                        + " && Object.values(flow.clients).every(c => typeof c.isActive !== 'function' || !c.isActive());")));
    }

    /** Saves a screenshot as target/screenshots/NAME.png, for people to look at. */
    public void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The console messages since the last call (started with logs). */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** The DevTools network events since the last call, as JSON text (started with logs). */
    public List<String> networkEvents() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try {
                Folders.delete(profile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the Chromium profile " + profile, e);
            }
        }
    }
}
