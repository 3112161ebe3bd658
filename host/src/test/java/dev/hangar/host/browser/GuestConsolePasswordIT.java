package dev.hangar.host.browser;

import dev.hangar.testsupport.BrowserConsole;
import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.TinyGuest;
import dev.hangar.testsupport.VmConsolePage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A tiny guest (scripts/guest) on the real libvirtd whose VNC display has a password, in headless Chromium
 * against the real distribution: the graphical console asks for it in the browser, says so when it is
 * wrong, and shows the guest's screen once it is right. Hangar never knows the password: QEMU's VNC
 * authentication runs between noVNC and QEMU through the console's websocket.
 */
class GuestConsolePasswordIT {
    private static final String PASSWORD = "hangar42";

    private static GuestHangar hangar;
    private TinyGuest guest;
    private Chromium browser;

    @BeforeAll
    static void startHangar() throws Exception {
        hangar = GuestHangar.start(List.of(), Map.of());
    }

    @AfterAll
    static void stopHangar() throws Exception {
        if (hangar != null) {
            hangar.close();
        }
    }

    @BeforeEach
    void defineGuest() throws Exception {
        guest = TinyGuest.defineWithVncPassword(GuestHangar.SYSTEM, "vncpw", PASSWORD);
        browser = Chromium.start();
    }

    @AfterEach
    void removeGuest() throws Exception {
        try (TinyGuest g = guest; Chromium b = browser) {
            // both closed, also when the test or the other failed
        }
    }

    @Test
    void theGraphicalConsoleAsksForThePasswordRefusesAWrongOneAndShowsTheScreenWithTheRightOne() throws Exception {
        VmConsolePage page = VmConsolePage.open(browser, hangar.url, GuestHangar.OPERATOR, hangar.password,
                GuestHangar.SYSTEM, guest.name());
        page.run(guest.name());
        guest.awaitLog(TinyGuest.READY, 1, TinyGuest.BOOT);
        BrowserConsole vnc = page.vnc();
        WebElement password = awaitPasswordForm(vnc);
        browser.screenshot("guest-console-vnc-password");

        password.sendKeys("wrong123");
        vnc.element().findElement(By.cssSelector("form.console-credentials button[type='submit']")).click();
        browser.wait(Chromium.WAIT).withMessage(() -> "the VNC console to say the password was refused; state "
                + vnc.state() + ", it says: " + vnc.element().getText() + "; states " + vnc.states())
                .until(d -> vnc.element().getText().toLowerCase(Locale.ROOT).contains("authentication failed."));
        System.out.println("after a wrong VNC password the element says: " + vnc.element().getText().strip()
                + "; states " + vnc.states());
        browser.screenshot("guest-console-vnc-password-wrong");
        if (vnc.frame() != null && !vnc.frame().blank()) {
            throw new AssertionError("a VNC frame was drawn after a wrong password: " + vnc.frame());
        }

        password = awaitPasswordForm(vnc);
        password.sendKeys(PASSWORD);
        vnc.element().findElement(By.cssSelector("form.console-credentials button[type='submit']")).click();
        vnc.awaitState("connected");
        BrowserConsole.Frame frame = vnc.awaitFrame(Chromium.WAIT);
        System.out.println("with the right VNC password: " + frame);
        browser.screenshot("guest-console-vnc-password-right");
    }

    /** The element's inline password form, once it shows it (the server asked for a password). */
    private WebElement awaitPasswordForm(BrowserConsole vnc) {
        return browser.wait(Chromium.WAIT).withMessage(() -> "the VNC console's password form; state " + vnc.state()
                + ", it says: " + vnc.element().getText() + "; states " + vnc.states()).until(d -> {
                    List<WebElement> inputs = vnc.element().findElements(By.cssSelector("input.console-password"));
                    return inputs.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
                });
    }
}
