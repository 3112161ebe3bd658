package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.Hangar;
import dev.hangar.host.consoles.ConsoleSocket;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.transport.WebServer;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Distribution;
import dev.hangar.testsupport.Folders;
import dev.hangar.testsupport.Login;
import dev.hangar.testsupport.TestProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The VM page in a real Chromium at 1280 × 800: overview, usage and the console side by side in the
 * first screen, the subtabs below with the selected one in the address (kept by a reload), and a long
 * failure shown whole. An in-process Hangar with a test provider whose VMs have consoles; the console's
 * own bytes are helper e2e's browser tests.
 */
class VmPageLayoutIT {
    private static final Pattern PASSWORD = Pattern.compile("Its password, shown only this once: (\\S+)");
    private static Path dir;
    private static Hangar hangar;
    private static WebServer server;
    private static TestProvider provider;
    private static Vm web;
    private static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("hangar-layout-it");
        hangar = TestHangar.startHangar(Files.createDirectories(dir.resolve("plugins")), dir.resolve("data"),
                Clock.systemUTC(), List.of("--auth", "file"));
        ByteArrayOutputStream announced = new ByteArrayOutputStream();
        hangar.security().announce(new PrintStream(announced, true, StandardCharsets.UTF_8));
        Matcher password = PASSWORD.matcher(announced.toString(StandardCharsets.UTF_8));
        assertTrue(password.find(), announced.toString(StandardCharsets.UTF_8));
        provider = new TestProvider("test");
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        hangar.providers().activate("plugin-test", provider).toCompletableFuture().get(10, TimeUnit.SECONDS);
        server = WebServer.start("127.0.0.1", Distribution.freePort(), hangar.options().security(),
                Map.of(Hangar.class.getName(), hangar), List.of(ConsoleSocket.config(hangar.consoleGate())));
        browser = Chromium.start(1280, 800, false);
        Login.signIn(browser.driver, server.url(), "admin", password.group(1));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            if (hangar != null) {
                hangar.close();
            }
            Folders.delete(dir);
        }
    }

    private static String page() {
        return server.url() + VmAddress.of(web.ref()).path();
    }

    private static Map<?, ?> box(String css) {
        Object rect = ((JavascriptExecutor) browser.driver).executeScript(
                "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                        + " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};", css);
        return (Map<?, ?>) rect;
    }

    private static double at(Map<?, ?> box, String side) {
        return ((Number) box.get(side)).doubleValue();
    }

    @Test
    void overviewUsageAndConsoleShareTheFirstScreen() throws Exception {
        browser.driver.get(page());
        browser.waitUntil("the VM page with its console area", d -> !d.findElements(By.cssSelector(".vm-top.with-console .console-area .console-element")).isEmpty());
        browser.awaitIdle();
        browser.screenshot("vm-page-1280x800");
        Map<?, ?> overview = box(".vm-overview");
        Map<?, ?> usage = box(".vm-usage");
        Map<?, ?> console = box(".console-area");
        assertTrue(at(console, "left") >= at(overview, "right"), "the console is right of the overview: " + console + " " + overview);
        assertTrue(at(overview, "top") >= at(usage, "bottom") - 1, "the overview below the usage: " + usage);
        assertTrue(at(console, "width") > at(overview, "width"), "the console gets most of the width: " + console);
        double screen = ((Number) ((JavascriptExecutor) browser.driver).executeScript("return window.innerHeight")).doubleValue();
        for (Map<?, ?> part : List.of(usage, overview, console)) {
            assertTrue(at(part, "top") < screen - 100, "starts in the first screen (" + screen + " px): " + part);
        }
        assertTrue(at(box(".usage-now"), "bottom") < screen, "the usage bars are in the first screen");
        assertTrue(at(box(".console-element"), "bottom") <= screen, "the console is whole in the first screen: " + box(".console-element"));
        assertTrue(at(box("vaadin-tabsheet.vm-tabs"), "top") >= at(usage, "bottom"), "the subtabs below");
    }

    @Test
    void theSelectedSubtabIsInTheAddressAndSurvivesAReload() {
        browser.driver.get(page());
        browser.waitUntil("the subtabs", d -> !d.findElements(By.cssSelector("vaadin-tabsheet.vm-tabs vaadin-tab")).isEmpty());
        assertEquals("Disks", selectedTab());
        WebElement nics = browser.driver.findElements(By.cssSelector("vaadin-tabsheet.vm-tabs vaadin-tab")).stream()
                .filter(t -> t.getText().equals("Network interfaces")).findFirst().orElseThrow();
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", nics);
        nics.click();
        browser.waitUntil("the address names the tab", d -> d.getCurrentUrl().endsWith("?tab=nics"));
        browser.driver.navigate().refresh();
        browser.waitUntil("Network interfaces selected after the reload", d -> "Network interfaces".equals(selectedTab()));
        browser.waitUntil("the NIC's MAC", d -> d.getPageSource().contains("52:54:00:12:34:56"));
    }

    @Test
    void aLongFailureIsShownWholeAndWrapped() {
        String message = "The guest did not react to the reboot request; " + "libvirt said more about it, ".repeat(30) + "END-OF-MESSAGE";
        provider.failNext(VmVerb.REBOOT, message);
        browser.driver.get(page());
        browser.waitUntil("the VM's menu", d -> !d.findElements(By.cssSelector("vaadin-menu-bar.vm-menu")).isEmpty());
        hangar.commands().run(new Actor("admin", Role.ADMINISTRATOR, "127.0.0.1"), web.ref(), VmVerb.REBOOT);
        browser.waitUntil("the failure", d -> !d.findElements(By.cssSelector(".vm-error-message")).isEmpty());
        WebElement text = browser.find(".vm-error-message");
        assertTrue(text.getText().endsWith("END-OF-MESSAGE"), text.getText());
        Map<?, ?> note = box(".vm-error-message");
        assertTrue(at(note, "right") <= 1280, "not wider than the window: " + note);
        Object clipped = ((JavascriptExecutor) browser.driver).executeScript(
                "const e = document.querySelector('.vm-error-message'); return e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight;");
        assertEquals(Boolean.FALSE, clipped, "nothing cut off");
        assertTrue(at(note, "bottom") - at(note, "top") > 40, "wrapped over several lines: " + note);
        assertTrue(browser.find(".vm-error-dismiss").isDisplayed());
    }

    @Test
    void theLastConsoleChosenForTheVmIsOpenedAgain() {
        browser.driver.get(page());
        browser.waitUntil("the serial console first", d -> !d.findElements(By.cssSelector(".console-body hangar-serial-console")).isEmpty());
        browser.find("vaadin-select.console-switcher").click();
        browser.waitUntil("the switcher's items", d -> d.findElements(By.cssSelector("vaadin-select-item")).stream()
                .anyMatch(i -> i.getText().equals("Graphical (VNC)")));
        browser.driver.findElements(By.cssSelector("vaadin-select-item")).stream()
                .filter(i -> i.getText().equals("Graphical (VNC)")).findFirst().orElseThrow().click();
        browser.waitUntil("the graphical console", d -> !d.findElements(By.cssSelector(".console-body hangar-vnc-console")).isEmpty());
        browser.driver.navigate().refresh();
        browser.waitUntil("the graphical console again after a reload",
                d -> !d.findElements(By.cssSelector(".console-body hangar-vnc-console")).isEmpty()
                        && d.findElements(By.cssSelector(".console-body hangar-serial-console")).isEmpty());
        Object stored = ((JavascriptExecutor) browser.driver).executeScript(
                "return Object.keys(localStorage).filter(k => k.startsWith('hangar.console.')).map(k => localStorage.getItem(k))");
        assertEquals(List.of(TestProvider.VNC), stored);
        // Back to the first one, for the other tests.
        ((JavascriptExecutor) browser.driver).executeScript("localStorage.clear()");
    }

    private static String selectedTab() {
        return browser.driver.findElements(By.cssSelector("vaadin-tabsheet.vm-tabs vaadin-tab[selected]")).stream()
                .map(WebElement::getText).findFirst().orElse(null);
    }
}
