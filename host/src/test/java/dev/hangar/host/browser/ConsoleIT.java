package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.Login;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against the real distribution on libvirt's test driver:
 * sign in, the list, filtering, starting a VM, every subtab of a VM, delete with storage through the
 * dialog, a change made in a second tab arriving by push, and a hostile VM name shown as text. Each
 * test has a host and a browser of its own, so that none depends on what another did before it.
 */
class ConsoleIT {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private DemoHangar hangar;
    private Chromium browser;

    @BeforeEach
    void start() throws Exception {
        // The test driver's guests ignore a reboot request: with a short ACPI timeout, a reboot fails soon.
        hangar = DemoHangar.start("/ui/browser-host.xml", "--option", "libvirt-acpi-timeout=3");
        browser = Chromium.start();
        signIn(browser);
    }

    @AfterEach
    void stop() throws Exception {
        try (DemoHangar h = hangar; Chromium b = browser) {
            // Closes the browser, then the host; either may be missing when starting failed.
        }
    }

    private void signIn(Chromium b) {
        Login.signIn(b.driver, hangar.url, "admin", hangar.password);
        b.find("vaadin-grid.vm-grid");
    }

    private static List<String> names(Chromium b) {
        return b.driver.findElements(By.cssSelector("vaadin-grid.vm-grid a.vm-name")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
    }

    private static void filter(Chromium b, String text) {
        WebElement input = b.find("vaadin-text-field.name-filter input");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    @Test
    void theListLoadsWithEveryVmAndTheDemoBanner() throws Exception {
        browser.waitUntil("four VMs listed", d -> names(browser).size() == 4);
        assertEquals(List.of(HOSTILE, "db", "scratch", "web"), names(browser).stream().sorted().toList());
        assertEquals("4 of 4 VMs shown", text(browser.driver, ".vm-count"));
        browser.screenshot("vm-list");
    }

    @Test
    void aHostileNameIsShownAsTextAndRunsNothing() {
        assertTrue(names(browser).contains(HOSTILE));
        assertTrue(browser.driver.findElements(By.cssSelector("vaadin-grid img, vaadin-grid-cell-content img")).isEmpty(),
                "an element was made from a VM's name");
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("a script from a VM's name ran");
        } catch (NoAlertPresentException expected) {
            // Nothing ran.
        }
    }

    @Test
    void filtersByName() {
        filter(browser, "SCR");
        browser.waitUntil("only scratch shown", d -> names(browser).equals(List.of("scratch")));
        assertEquals("1 of 4 VMs shown", text(browser.driver, ".vm-count"));
        filter(browser, "");
        browser.waitUntil("all shown again", d -> names(browser).size() == 4);
    }

    @Test
    void startsAVmFromTheListAndSeesItsStateChange() {
        filter(browser, "db");
        browser.waitUntil("only db shown", d -> names(browser).equals(List.of("db")));
        assertTrue(text(browser.driver, "vaadin-grid.vm-grid .vm-state").contains("Shut off"));
        browser.find("vaadin-button[aria-label='Run db']").click();
        browser.waitUntil("db shows Running", d -> text(d, "vaadin-grid.vm-grid .vm-state").contains("Running"));
        browser.waitUntil("its primary action becomes Shut down",
                d -> d.findElements(By.cssSelector("vaadin-button[aria-label='Shut down db']")).stream()
                        .anyMatch(WebElement::isDisplayed));

        // The row's other actions: its menu button opens the grid's menu for that row.
        pickFromRowMenu("db", "vm-action-pause");
        browser.waitUntil("db shows Paused", d -> text(d, "vaadin-grid.vm-grid .vm-state").contains("Paused"));
        pickFromRowMenu("db", "vm-action-resume");
        browser.waitUntil("db runs again", d -> text(d, "vaadin-grid.vm-grid .vm-state").contains("Running"));
        filter(browser, "");
    }

    private void pickFromRowMenu(String vm, String action) {
        browser.find("vaadin-button.vm-menu[aria-label='More actions for " + vm + "']").click();
        browser.waitUntil("the menu of " + vm, d -> !d.findElements(By.cssSelector("vaadin-context-menu-item." + action)).isEmpty());
        browser.find("vaadin-context-menu-item." + action).click();
    }

    @Test
    void opensTheDetailsAndEverySubtab() throws Exception {
        filter(browser, "web");
        browser.waitUntil("only web shown", d -> names(browser).equals(List.of("web")));
        browser.find("a.vm-name").click();
        browser.waitUntil("the details of web", d -> text(d, "h2.vm-title").equals("web"));
        assertTrue(browser.driver.getCurrentUrl().contains("/vm/libvirt/"), browser.driver.getCurrentUrl());
        for (String tab : List.of("Disks", "Network interfaces", "Devices")) {
            clickTab(tab);
            browser.waitUntil(tab + " selected", d -> d.findElements(By.cssSelector("vaadin-tab[selected]")).stream()
                    .anyMatch(t -> t.getText().equals(tab)));
        }
        browser.waitUntil("the NIC's MAC", d -> d.getPageSource().contains("52:54:00:00:00:01"));
        clickTab("Disks");
        browser.waitUntil("the disk's source", d -> d.getPageSource().contains("/var/lib/libvirt/images/web.qcow2"));
        // Overview and usage are above the subtabs, always shown (back up: WebDriver reads no text scrolled away).
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.querySelector('.vm-top').scrollIntoView({block: 'start'})");
        browser.waitUntil("the UUID", d -> text(d, ".overview-uuid").equals("0a3b3c1e-0000-4000-8000-000000000001"));
        // The test driver's CPU times are not real, so only the chart's frame is certain to be drawn.
        browser.waitUntil("the usage charts drawn as SVG",
                d -> !d.findElements(By.cssSelector(".usage-cpu-chart svg line.grid")).isEmpty()
                        && !d.findElements(By.cssSelector(".usage-memory-chart svg line.grid")).isEmpty());
        assertTrue(text(browser.driver, ".usage-memory").endsWith("of 2 GiB"), text(browser.driver, ".usage-memory"));
        browser.screenshot("vm-details");

        // The address is bookmarkable: opening it afresh shows the same VM.
        String address = browser.driver.getCurrentUrl();
        browser.driver.get(address);
        browser.waitUntil("the details again", d -> text(d, "h2.vm-title").equals("web"));
    }

    /** The subtabs are below the overview, usage and console: scrolled to first. */
    private void clickTab(String name) {
        WebElement tab = browser.driver.findElements(By.cssSelector("vaadin-tabsheet.vm-tabs vaadin-tab")).stream()
                .filter(t -> t.getText().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no tab " + name));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", tab);
        tab.click();
    }

    @Test
    void aChangeInASecondTabArrivesWithoutReload() throws Exception {
        browser.driver.get(hangar.url);
        filter(browser, "web");
        browser.waitUntil("web is running", d -> names(browser).equals(List.of("web"))
                && text(d, "vaadin-grid.vm-grid .vm-state").contains("Running"));
        try (Chromium second = Chromium.start()) {
            signIn(second);
            filter(second, "web");
            second.waitUntil("web in the second tab", d -> names(second).equals(List.of("web")));
            second.find("vaadin-button[aria-label='Shut down web']").click();
            second.waitUntil("shut off in the second tab", d -> text(d, "vaadin-grid.vm-grid .vm-state").contains("Shut off"));
        }
        browser.waitUntil("the first tab shows it without reload",
                d -> text(d, "vaadin-grid.vm-grid .vm-state").contains("Shut off"));
        filter(browser, "");
    }

    @Test
    void deletesAVmWithTheStorageChosenInTheDialog() {
        filter(browser, "scratch");
        browser.waitUntil("only scratch", d -> names(browser).equals(List.of("scratch")));
        browser.find("a.vm-name").click();
        browser.waitUntil("the details of scratch", d -> text(d, "h2.vm-title").equals("scratch"));
        browser.find(".vm-header-actions vaadin-menu-bar vaadin-menu-bar-button").click();
        browser.waitUntil("the menu", d -> !d.findElements(By.cssSelector("vaadin-menu-bar-item.vm-action-delete")).isEmpty());
        browser.find("vaadin-menu-bar-item.vm-action-delete").click();
        WebElement summary = browser.find(".delete-summary");
        assertEquals("This deletes VM scratch and keeps all of its storage. This cannot be undone.", summary.getText());
        browser.find("vaadin-checkbox.delete-disk[data-target='vda']").click();
        browser.waitUntil("the summary names the volume", d -> text(d, ".delete-summary").contains(
                "destroys the storage of vda (/var/lib/libvirt/images/scratch.qcow2)"));
        browser.find("vaadin-button.delete-confirm").click();
        browser.waitUntil("back on the list without scratch", d -> d.findElements(By.cssSelector("h2.vm-title")).isEmpty()
                && !names(browser).contains("scratch") && names(browser).size() == 3);
        assertFalse(browser.driver.getPageSource().contains("Delete failed"), "the delete reported a failure");
    }

    @Test
    void staysUsableInANarrowWindow() throws Exception {
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(420, 800));
        browser.driver.get(hangar.url);
        browser.waitUntil("the list in a narrow window", d -> names(browser).size() == 4);
        assertTrue(browser.find("vaadin-text-field.name-filter").isDisplayed());
        assertTrue(browser.find("vaadin-drawer-toggle").isDisplayed(), "the navigation folds into the drawer toggle");
        browser.screenshot("vm-list-narrow");
    }

    @Test
    void aFailedActionShowsItsWholeMessageOnThePageAndAMarkerWithItInTheList() throws Exception {
        failARebootOfDb(1280);
        WebElement message = browser.find(".vm-error-message");
        assertTrue(message.getText().startsWith("The guest did not react to the reboot request within 3 s"), message.getText());
        assertWhollyShown(".vm-error-message");
        assertActionsBesideTheTitle();
        browser.screenshot("vm-failure-1280");

        // In the list: a marker in the state cell, whose tooltip has the whole message.
        browser.find("a.back-link").click();
        filter(browser, "db");
        browser.waitUntil("only db shown", d -> names(browser).equals(List.of("db")));
        new org.openqa.selenium.interactions.Actions(browser.driver)
                .moveToElement(browser.find("vaadin-grid.vm-grid .vm-error")).perform();
        browser.waitUntil("the tooltip with the whole message", d -> d.findElements(By.cssSelector("vaadin-tooltip-overlay"))
                .stream().anyMatch(o -> o.getText().contains("Reboot failed: The guest did not react to the reboot request")));
        browser.screenshot("vm-list-failure-tooltip");
        filter(browser, "");
    }

    @Test
    void theListFitsAt1280And800PixelsWithNoCellCutShort() throws Exception {
        failARebootOfDb(1280);
        for (int width : new int[] {1280, 800}) {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 800));
            browser.driver.get(hangar.url);
            browser.waitUntil("the list at " + width + " px", d -> names(browser).size() == 4);
            // Only free text longer than its room is cut short, with the whole text as its tooltip: the
            // connection (the fixture's long temporary path) and, beside it at 1280 px, the hostile name.
            try {
                browser.waitUntil("no cell but a name's or a connection's cut short at " + width + " px",
                        d -> clippedCells(browser).stream().allMatch(c -> c.startsWith("Connection: ") && c.contains("/host.xml")
                                || (width > 800 && c.startsWith("Name: " + HOSTILE))));
            } catch (RuntimeException e) {
                browser.screenshot("vm-list-" + width + "-clipped");
                throw new AssertionError("cut short at " + width + " px: " + clippedCells(browser), e);
            }
            List<String> headers = visibleHeaders(browser);
            assertTrue(headers.containsAll(List.of("Name", "State", "Actions")), width + " px: " + headers);
            assertTrue(browser.find("vaadin-grid.vm-grid .vm-error").isDisplayed(), "db's failure marker");
            browser.screenshot("vm-list-" + width);
            if (headers.contains("Connection")) {
                WebElement connection = browser.driver.findElements(By.cssSelector("vaadin-grid.vm-grid vaadin-grid-cell-content"))
                        .stream().filter(c -> c.getText().contains("/tmp/hangar-browser-test")).findFirst().orElseThrow();
                new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(connection).perform();
                browser.waitUntil("the connection's whole label as tooltip", d -> d.findElements(By.cssSelector("vaadin-tooltip-overlay"))
                        .stream().anyMatch(o -> o.getText().contains("/tmp/hangar-browser-test") && o.getText().endsWith("/host.xml)")));
            }
        }
        assertEquals(List.of("Name", "State", "CPU", "Actions"), visibleHeaders(browser), "at 800 px");
    }

    @Test
    void theFailureWrapsAt800PixelsAndIsDismissed() throws Exception {
        failARebootOfDb(800);
        assertWhollyShown(".vm-error-message");
        assertActionsBesideTheTitle();
        browser.screenshot("vm-failure-800");
        browser.find("vaadin-button.vm-error-dismiss").click();
        try {
            browser.waitUntil("the message is gone", d -> d.findElements(By.cssSelector(".vm-error-note")).stream()
                .noneMatch(WebElement::isDisplayed));
        } catch (RuntimeException e) {
            browser.screenshot("vm-failure-dismiss-failed");
            String log = hangar.log();
            throw new AssertionError("the message stayed; the host's log ends with:\n"
                    + log.substring(Math.max(0, log.length() - 6000)), e);
        }
        browser.find("a.back-link").click();
        browser.waitUntil("the list", d -> names(browser).size() == 4);
        assertTrue(browser.driver.findElements(By.cssSelector("vaadin-grid.vm-grid .vm-error")).stream()
                .noneMatch(WebElement::isDisplayed), "the list's marker went with it");
    }

    /**
     * Starts db from the list and asks it to reboot on its page, in a window {@code width} pixels wide:
     * the test driver's guest ignores the request, so the reboot fails after the 3 s ACPI timeout.
     */
    private void failARebootOfDb(int width) {
        filter(browser, "db");
        browser.waitUntil("only db shown", d -> names(browser).equals(List.of("db")));
        browser.find("vaadin-button[aria-label='Run db']").click();
        browser.waitUntil("db shows Running", d -> text(d, "vaadin-grid.vm-grid .vm-state").contains("Running"));
        openVmPage("db", width);
        browser.find(".vm-header-actions vaadin-menu-bar vaadin-menu-bar-button").click();
        browser.waitUntil("the menu", d -> !d.findElements(By.cssSelector("vaadin-menu-bar-item.vm-action-reboot")).isEmpty());
        browser.find("vaadin-menu-bar-item.vm-action-reboot").click();
        browser.find(".vm-error-message");
    }

    /** Opens the page of {@code vm} from the list, in a window {@code width} pixels wide. */
    private void openVmPage(String vm, int width) {
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 800));
        browser.driver.get(hangar.url);
        filter(browser, vm);
        browser.waitUntil("only " + vm + " shown", d -> names(browser).equals(List.of(vm)));
        browser.find("a.vm-name").click();
        browser.waitUntil("the details of " + vm, d -> text(d, "h2.vm-title").equals(vm));
    }

    /** The element's text is neither cut off nor beyond the window's right edge. */
    private void assertWhollyShown(String css) {
        Object overflow = browser.driver.executeScript("const e = document.querySelector(arguments[0]);"
                + "const r = e.getBoundingClientRect();"
                + "return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1"
                + " || r.right > document.documentElement.clientWidth;", css);
        assertEquals(Boolean.FALSE, overflow, css + " is cut off or runs off the window");
    }

    /** The header keeps the title and the actions on one line, whatever the failure's message. */
    private void assertActionsBesideTheTitle() {
        WebElement title = browser.find("h2.vm-title");
        WebElement action = browser.find(".vm-header-actions .vm-primary-action");
        int titleMiddle = title.getRect().getY() + title.getRect().getHeight() / 2;
        int actionMiddle = action.getRect().getY() + action.getRect().getHeight() / 2;
        assertTrue(Math.abs(titleMiddle - actionMiddle) < title.getRect().getHeight() / 2,
                "the actions left the title's line: " + title.getRect() + " vs " + action.getRect());
    }

    /** The visible cells of the list whose content is wider than the cell, and a grid that scrolls sideways. */
    @SuppressWarnings("unchecked")
    private static List<String> clippedCells(Chromium b) {
        return (List<String>) b.driver.executeScript(
                "const grid = document.querySelector('vaadin-grid.vm-grid'); const out = [];"
                        + "for (const c of grid.querySelectorAll('vaadin-grid-cell-content')) {"
                        + "  const cell = c.assignedSlot && c.assignedSlot.parentElement;"
                        + "  if (!cell || cell.offsetParent === null || cell.getBoundingClientRect().width === 0) continue;"
                        + "  if (c.scrollWidth <= c.clientWidth + 1) continue;"
                        + "  const th = grid.shadowRoot.querySelector('thead tr').children[cell.cellIndex];"
                        + "  const header = th ? th.textContent.trim() || th.querySelector('slot').assignedElements()[0].textContent.trim() : '?';"
                        + "  out.push(header + ': ' + c.textContent.trim() + ' (' + c.scrollWidth + ' > ' + c.clientWidth + ')');"
                        + "}"
                        + "const table = grid.shadowRoot.querySelector('#table');"
                        + "if (table.scrollWidth > table.clientWidth + 1) out.push('the grid scrolls sideways: ' + table.scrollWidth + ' > ' + table.clientWidth);"
                        + "return out;");
    }

    @SuppressWarnings("unchecked")
    private static List<String> visibleHeaders(Chromium b) {
        return (List<String>) b.driver.executeScript(
                "const grid = document.querySelector('vaadin-grid.vm-grid');"
                        + "return [...grid.shadowRoot.querySelectorAll('thead th')].filter(th => th.offsetParent !== null"
                        + " && th.getBoundingClientRect().width > 0).map(th => th.querySelector('slot').assignedElements()[0])"
                        + ".map(c => c ? c.textContent.trim() : '').filter(t => t);");
    }

    @Test
    void anUnknownAddressShowsTheConsolesOwnPageAndTheIconIsServed() throws Exception {
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
        for (String path : List.of("vm/a", "vm/a/b/c/d")) {
            browser.driver.get(hangar.url + path);
            assertEquals("There is no page at /" + path + ".", browser.find(".not-found-text").getText());
            assertTrue(browser.find("vaadin-app-layout").isDisplayed(), "inside the console's frame");
            assertFalse(browser.driver.getPageSource().contains("Could not navigate"));
        }
        browser.screenshot("not-found");
        browser.find("a.not-found-back").click();
        browser.waitUntil("back on the list", d -> names(browser).size() == 4);

        Object icon = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/favicon.ico').then(r => r.blob().then(b => done(r.status + ' ' + b.size)), e => done(String(e)));");
        assertTrue(String.valueOf(icon).startsWith("200 "), "GET /favicon.ico: " + icon);
        assertFalse(String.valueOf(icon).equals("200 0"), "an empty icon");
    }

    @Test
    void theAuditLogShowsItsOutcomeAndMessageAt1280Pixels() throws Exception {
        failARebootOfDb(1280);
        browser.driver.get(hangar.url + "audit");
        browser.waitUntil("audit entries", d -> !d.findElements(By.cssSelector("vaadin-grid vaadin-grid-cell-content")).isEmpty()
                && d.getPageSource().contains("did not react to the reboot request"));
        browser.screenshot("audit-1280");
        Object offScreen = browser.driver.executeScript("const grid = document.querySelector('vaadin-grid');"
                + "return [...grid.shadowRoot.querySelectorAll('thead th')].filter(th => th.offsetParent !== null)"
                + ".map(th => [th.querySelector('slot').assignedElements()[0].textContent.trim(), th.getBoundingClientRect().right])"
                + ".filter(h => (h[0] === 'Result' || h[0] === 'Message') && h[1] > document.documentElement.clientWidth)"
                + ".map(h => h[0]);");
        assertEquals(List.of(), offScreen, "columns beyond the window's right edge");
        Object cutTimes = browser.driver.executeScript("return [...document.querySelectorAll('vaadin-grid vaadin-grid-cell-content')]"
                + ".filter(c => /^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$/.test(c.textContent.trim()))"
                + ".filter(c => c.scrollWidth > c.clientWidth + 1).length;");
        assertEquals(0L, cutTimes, "times cut short");
        String page = browser.driver.getPageSource();
        assertFalse(page.matches("(?s).*>\\d{4}-\\d\\d-\\d\\dT.*"), "a raw ISO time in the grid");
    }
}
