package dev.hangar.host.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Role;
import dev.hangar.host.security.auth.UsersFile;
import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Distribution;
import dev.hangar.testsupport.Login;
import dev.hangar.testsupport.RunningHangar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
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
    private final Distribution distribution = Distribution.built();
    private RunningHangar hangar;
    private Chromium chromium;
    private ChromeDriver browser;
    private String url;

    @BeforeEach
    void startTheDistributionWithoutTheExample() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path data = Files.createDirectories(temp.resolve("data"));
        new UsersFile(data.resolve("users")).add(ADMIN, Role.ADMINISTRATOR, PASSWORD);
        hangar = distribution.startAndAwait(temp.resolve("hangar.log"), "--bind", "127.0.0.1",
                "--port", String.valueOf(Distribution.freePort()), "--plugins-dir", plugins.toString(),
                "--data-dir", data.toString(), "--auth", "file", "--option", "example-transition-ms=300",
                "--option", "example-migration-seconds=600", "--option", "example-migration-interval-seconds=0");
        url = hangar.url();
        chromium = Chromium.start();
        browser = chromium.driver;
    }

    @AfterEach
    void stop() throws Exception {
        try (RunningHangar h = hangar; Chromium b = chromium) {
            // Closes the browser, then the host; either may be missing when starting failed.
        }
    }

    @Test
    void dropRescanUseUnload() throws Exception {
        signIn();
        browser.get(url + "plugins");
        awaitText("The plugins folder holds no plugin.");

        Path jar = distribution.bundledPlugin("plugin-example");
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
        browser.get(details + "?tab=disks");
        awaitText("Snapshot all disks");
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
        // The example's tab, disk action and disk column leave the open page with it.
        awaitGone("Operations", "Snapshot all disks", "Snapshots");
        String after = text();
        assertFalse(after.contains("NoClassDefFoundError") || after.contains("Internal error"), after);
        assertFalse(output().contains("NoClassDefFoundError"), output());
    }

    private void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }

    private void signIn() {
        Login.signIn(browser, url, ADMIN, PASSWORD);
        awaitText("Virtual machines");
    }

    private String text() {
        return chromium.text();
    }

    private void awaitText(String expected) {
        try {
            chromium.awaitText(expected);
        } catch (RuntimeException e) {
            throw new AssertionError("the page never showed '" + expected + "'\n--- host:\n" + output(), e);
        }
    }

    /**
     * Waits until none of {@code texts} is shown. What is shown, not what the DOM holds: Flow sends no
     * changes of a hidden element's children, so a container hidden in the same round trip that emptied
     * it keeps its old children in the browser's DOM, out of sight (innerText leaves them out).
     */
    private void awaitGone(String... texts) {
        try {
            new WebDriverWait(browser, WAIT).until(d -> java.util.Arrays.stream(texts).noneMatch(shown()::contains));
        } catch (RuntimeException e) {
            throw new AssertionError("the page still shows one of " + java.util.Arrays.toString(texts) + ":\n" + shown()
                    + "\n--- host:\n" + output(), e);
        }
    }

    private String shown() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("return document.body.innerText"));
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
        return hangar.log();
    }
}
