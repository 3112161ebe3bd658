package dev.hangar.testsupport;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signing in to the console through its login form, as a person does in the browser. */
public final class Login {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private Login() {
    }

    /** Opens {@code url} (any page of the console), signs in there and waits until that page shows. */
    public static void signIn(WebDriver driver, String url, String user, String password) {
        driver.get(url);
        submit(driver, user, password);
        awaitSignedIn(driver, WAIT);
    }

    /** Fills the login form that the browser shows now and submits it, without waiting for the outcome. */
    public static void submit(WebDriver driver, String user, String password) {
        fill(driver, user, password).sendKeys(Keys.ENTER);
    }

    /** Fills the login form once it shows, without submitting it; returns the password field (Enter submits). */
    public static WebElement fill(WebDriver driver, String user, String password) {
        WebElement name = new WebDriverWait(driver, WAIT).withMessage("the login form at " + driver.getCurrentUrl())
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("vaadin-login-form input[name='username']")));
        name.clear();
        name.sendKeys(user);
        WebElement secret = driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
        secret.clear();
        secret.sendKeys(password);
        return secret;
    }

    /** Sign-in reloads the page; done when a page without the login form has rendered a view. */
    public static void awaitSignedIn(WebDriver driver, Duration limit) {
        new WebDriverWait(driver, limit).withMessage("the end of sign-in at " + driver.getCurrentUrl())
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "return document.readyState === 'complete' && !document.querySelector('vaadin-login-form')"
                                + " && !!document.querySelector('vaadin-app-layout, vaadin-grid, h1, h2')")));
    }
}
