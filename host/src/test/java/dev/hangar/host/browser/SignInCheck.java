package dev.hangar.host.browser;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Login;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Signs in to an already running Hangar in Debian's Chromium and waits for the VM list to show rows:
 * {@code java -cp ... dev.hangar.host.browser.SignInCheck URL USER PASSWORD}. .ci/run runs it
 * against the README's demo command on a fresh Debian root; it exits non-zero (with the exception)
 * when any step fails.
 */
public final class SignInCheck {
    private SignInCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SignInCheck URL USER PASSWORD");
        }
        try (Chromium browser = Chromium.start()) {
            Login.signIn(browser.driver, args[0], args[1], args[2]);
            long rows = browser.wait(Duration.ofSeconds(90))
                    .withMessage("the VM list at " + args[0] + " shows no VM after signing in")
                    .until(d -> {
                        long shown = d.findElements(By.cssSelector("vaadin-grid.vm-grid a.vm-name")).stream()
                                .filter(WebElement::isDisplayed).count();
                        return shown > 0 ? shown : null;
                    });
            System.out.println("signed in to " + args[0] + " as " + args[1] + " in Chromium: the VM list shows "
                    + rows + " VMs");
        }
    }
}
