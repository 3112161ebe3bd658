package dev.hangar.host.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signs a browser test in to a running distribution. Every page is behind sign-in: start the
 * distribution with {@code --auth file --data-dir DIR}, add a user first with {@link #addUser}, then
 * {@link #signIn} before opening pages.
 */
public final class BrowserLogin {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private BrowserLogin() {
    }

    /** Runs {@code bin/hangar --data-dir DIR user add NAME --role ROLE}, the password on standard input. */
    public static void addUser(Path distribution, Path dataDir, String name, String role, String password)
            throws IOException, InterruptedException {
        userCommand(distribution, dataDir, password, "add", name, "--role", role);
    }

    /**
     * Runs {@code bin/hangar --data-dir DIR user ARGS...} as an administrator would, from a process of its
     * own, with {@code password} (may be null) on standard input.
     */
    public static void userCommand(Path distribution, Path dataDir, String password, String... args)
            throws IOException, InterruptedException {
        Path script = distribution.resolve("bin/hangar");
        if (!Files.isExecutable(script)) {
            throw new AssertionError(script + " is missing: build the distribution first (mvn -f host/pom.xml package)");
        }
        List<String> command = new ArrayList<>(List.of(script.toString(), "--data-dir", dataDir.toString(), "user"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (password != null) {
            process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("hangar user " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** Opens {@code url} (any page of the console), signs in there and waits until that page shows. */
    public static void signIn(WebDriver driver, String url, String user, String password) {
        driver.get(url);
        submit(driver, user, password);
        // Sign-in reloads the page; done when a page without the login form has rendered a view.
        new WebDriverWait(driver, WAIT).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && !document.querySelector('vaadin-login-form')"
                        + " && !!document.querySelector('vaadin-app-layout, vaadin-grid, h1, h2')")));
    }

    /** Fills the login form that the browser shows now and submits it, without waiting for the outcome. */
    public static void submit(WebDriver driver, String user, String password) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        WebElement name = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("vaadin-login-form input[name='username']")));
        name.clear();
        name.sendKeys(user);
        WebElement secret = driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
        secret.clear();
        secret.sendKeys(password, Keys.ENTER);
    }
}
