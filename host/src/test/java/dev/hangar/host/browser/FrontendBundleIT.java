package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Login;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The distribution's frontend as the build assembles it without Node (host/pom.xml): Vaadin's
 * pre-compiled production bundle plus the theme "hangar". In a real Chromium the page runs in
 * production mode (no dev tools) and the theme's styles.css is linked and applied, before and after
 * sign-in.
 */
class FrontendBundleIT {
    private static final String THEME_VARIABLE =
            "return getComputedStyle(document.documentElement).getPropertyValue('--hangar-header-height').trim()";

    @Test
    void servesThePreCompiledBundleWithTheHangarTheme() throws Exception {
        try (DemoHangar hangar = DemoHangar.start("/ui/browser-host.xml");
                Chromium browser = Chromium.start()) {
            browser.driver.get(hangar.url);
            browser.find("vaadin-login-form");
            JavascriptExecutor js = browser.driver;
            assertEquals(Boolean.TRUE, js.executeScript(
                    "return !!document.querySelector(\"link[rel='stylesheet'][href*='themes/hangar/styles.css']\")"),
                    "the login page links the theme's styles.css");
            browser.waitUntil("the theme's --hangar-header-height applies on the login page",
                    d -> "3.5rem".equals(js.executeScript(THEME_VARIABLE)));
            assertEquals(Boolean.FALSE, js.executeScript("return !!document.querySelector('vaadin-dev-tools')"),
                    "production mode: no dev tools");

            Login.signIn(browser.driver, hangar.url, "admin", hangar.password);
            assertEquals("3.5rem", js.executeScript(THEME_VARIABLE), "the theme applies to the signed-in console");
        }
    }
}
