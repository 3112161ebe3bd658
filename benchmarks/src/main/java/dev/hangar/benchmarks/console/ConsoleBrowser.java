package dev.hangar.benchmarks.console;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Login;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless Debian Chromium with a fresh profile (deleted on close): a fresh browser context, the
 * test kit's {@link Chromium}. All timings are taken in the page, on its own clock; Java only polls
 * for them.
 */
final class ConsoleBrowser implements AutoCloseable {
    private static final String LIST_LOADED = resource("list-loaded.js");
    private static final String STATE_WATCH = resource("state-watch.js");

    /**
     * One list load on the page's clock, in ms since navigation start: the HTML, the last script and
     * Vaadin's first server round trip received (0 when the page made none), rows and total shown,
     * and the frame after; and the size of the scripts it decoded and the bytes they took on the wire.
     */
    record ListLoad(double html, double scripts, double server, double seen, double painted, double scriptBytes,
                    double scriptTransferred) {
    }

    /** A state text the page showed, and when (Date.now() in the page). */
    record StateChange(long atMillis, String text) {
    }

    private final Chromium chromium;
    private final ChromeDriver driver;

    ConsoleBrowser() throws IOException {
        chromium = Chromium.start();
        driver = chromium.driver;
    }

    /**
     * Signs in through the login page when the build asks for it; the session then opens the list.
     * Returns the milliseconds from pressing Enter to the console's page showing its grid (0 without
     * sign-in): what a person waits for after typing the password.
     */
    double signIn(String url, Distribution.Credentials credentials) {
        if (credentials == null) {
            return 0;
        }
        driver.get(url + "login");
        WebElement password = Login.fill(driver, credentials.user(), credentials.password());
        long pressed = System.nanoTime();
        password.sendKeys(Keys.ENTER);
        Login.awaitSignedIn(driver, Duration.ofSeconds(60));
        await(() -> !Objects.requireNonNull(driver.getCurrentUrl()).contains("/login")
                && !driver.findElements(By.cssSelector("vaadin-grid")).isEmpty(), Duration.ofSeconds(60), "the list's grid");
        return (System.nanoTime() - pressed) / 1e6;
    }

    /**
     * Opens the list in this tab with an empty HTTP cache and times it until the page showed rows and
     * {@code total} as the count (see list-loaded.js).
     */
    ListLoad timeListLoad(String url, int total, Duration timeout) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        Map<String, Object> script = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", LIST_LOADED.replace("__EXPECTED__", Integer.toString(total))));
        try {
            // A host whose session is busy holds the page itself back: that counts against the same timeout.
            driver.manage().timeouts().pageLoadTimeout(timeout);
            driver.get(url);
            await(() -> driver.executeScript("return window.__hangarBench && window.__hangarBench.painted") != null,
                    timeout, "a list of " + total + " VMs at " + url);
            Map<?, ?> mark = (Map<?, ?>) driver.executeScript("return window.__hangarBench");
            return new ListLoad(ms(mark, "html"), ms(mark, "scripts"), ms(mark, "server"), ms(mark, "seen"),
                    ms(mark, "painted"), ms(mark, "scriptBytes"), ms(mark, "scriptTransferred"));
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script.get("identifier")));
        }
    }

    private static double ms(Map<?, ?> mark, String key) {
        // A page with no such resource reports 0; JSON numbers arrive as Long or Double.
        return ((Number) mark.get(key)).doubleValue();
    }

    /** Opens the list in {@code count} more tabs, each until it shows all {@code total} VMs. */
    void openTabs(String url, int count, int total, Duration timeout) {
        for (int i = 0; i < count; i++) {
            driver.switchTo().newWindow(WindowType.TAB);
            timeListLoad(url, total, timeout);
        }
    }

    /** The first VM name the list shows that starts with {@code prefix}, or null. */
    String firstShownName(String prefix) {
        return (String) driver.executeScript("return [...document.querySelectorAll('vaadin-grid .vm-name')]"
                + ".map(e => e.textContent.trim()).find(n => n.startsWith(arguments[0])) || null", prefix);
    }

    /** Starts recording the state text of one VM's row; returns the state it shows now. */
    String watchState(String vmName) {
        return (String) driver.executeScript(STATE_WATCH, vmName);
    }

    /** Every state change of the watched row so far. */
    List<StateChange> stateChanges() {
        List<?> raw = (List<?>) driver.executeScript("return window.__hangarBenchWatch.changes");
        List<StateChange> changes = new ArrayList<>();
        for (Object entry : raw) {
            List<?> pair = (List<?>) entry;
            changes.add(new StateChange(((Number) pair.get(0)).longValue(), (String) pair.get(1)));
        }
        return changes;
    }

    static void await(Supplier<Boolean> condition, Duration timeout, String what) {
        Waiting.await(what, timeout).until(condition::get);
    }

    /**
     * Leaves every tab (the console's unload beacon then closes its UI on the host, as closing a tab
     * does), quits, and deletes the profile.
     */
    @Override
    public void close() {
        try {
            for (String handle : driver.getWindowHandles()) {
                driver.switchTo().window(handle);
                driver.get("about:blank");
            }
        } catch (WebDriverException e) {
            // The browser is gone already; quitting below still ends the driver.
        } finally {
            chromium.close();
        }
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleBrowser.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
