package dev.hangar.host.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against the real distribution on libvirt's test driver:
 * sign in, the list, filtering, starting a VM, every subtab of a VM, delete with storage through the
 * dialog, a change made in a second tab arriving by push, and a hostile VM name shown as text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private HangarProcess hangar;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        hangar = HangarProcess.start("/ui/browser-host.xml");
        browser = new Browser(1280, 800);
        signIn(browser);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (hangar != null) {
                hangar.close();
            }
        }
    }

    private void signIn(Browser b) {
        b.driver.get(hangar.url);
        b.find("#vaadinLoginUsername input").sendKeys("admin");
        WebElement password = b.find("#vaadinLoginPassword input");
        password.sendKeys(hangar.password);
        password.sendKeys(Keys.ENTER);
        b.find("vaadin-grid.vm-grid");
    }

    private static List<String> names(Browser b) {
        return b.driver.findElements(By.cssSelector("vaadin-grid.vm-grid a.vm-name")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
    }

    private static void filter(Browser b, String text) {
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
    @Order(1)
    void theListLoadsWithEveryVmAndTheDemoBanner() throws Exception {
        browser.waitUntil("four VMs listed", d -> names(browser).size() == 4);
        assertEquals(List.of(HOSTILE, "db", "scratch", "web"), names(browser).stream().sorted().toList());
        assertEquals("4 of 4 VMs shown", text(browser.driver, ".vm-count"));
        browser.screenshot("vm-list");
    }

    @Test
    @Order(2)
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
    @Order(3)
    void filtersByName() {
        filter(browser, "SCR");
        browser.waitUntil("only scratch shown", d -> names(browser).equals(List.of("scratch")));
        assertEquals("1 of 4 VMs shown", text(browser.driver, ".vm-count"));
        filter(browser, "");
        browser.waitUntil("all shown again", d -> names(browser).size() == 4);
    }

    @Test
    @Order(4)
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
    @Order(5)
    void opensTheDetailsAndEverySubtab() throws Exception {
        filter(browser, "web");
        browser.waitUntil("only web shown", d -> names(browser).equals(List.of("web")));
        browser.find("a.vm-name").click();
        browser.waitUntil("the details of web", d -> text(d, "h2.vm-title").equals("web"));
        assertTrue(browser.driver.getCurrentUrl().contains("/vm/libvirt/"), browser.driver.getCurrentUrl());
        for (String tab : List.of("Overview", "Usage", "Disks", "Network interfaces")) {
            browser.driver.findElements(By.cssSelector("vaadin-tabsheet.vm-tabs vaadin-tab")).stream()
                    .filter(t -> t.getText().equals(tab)).findFirst().orElseThrow(() -> new AssertionError("no tab " + tab))
                    .click();
            browser.waitUntil(tab + " selected", d -> d.findElements(By.cssSelector("vaadin-tab[selected]")).stream()
                    .anyMatch(t -> t.getText().equals(tab)));
        }
        browser.waitUntil("the NIC's MAC", d -> d.getPageSource().contains("52:54:00:00:00:01"));
        clickTab("Disks");
        browser.waitUntil("the disk's source", d -> d.getPageSource().contains("/var/lib/libvirt/images/web.qcow2"));
        clickTab("Overview");
        browser.waitUntil("the UUID", d -> text(d, ".overview-uuid").equals("0a3b3c1e-0000-4000-8000-000000000001"));
        clickTab("Usage");
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

    private void clickTab(String name) {
        browser.driver.findElements(By.cssSelector("vaadin-tabsheet.vm-tabs vaadin-tab")).stream()
                .filter(t -> t.getText().equals(name)).findFirst().orElseThrow().click();
    }

    @Test
    @Order(6)
    void aChangeInASecondTabArrivesWithoutReload() throws Exception {
        browser.driver.get(hangar.url);
        filter(browser, "web");
        browser.waitUntil("web is running", d -> names(browser).equals(List.of("web"))
                && text(d, "vaadin-grid.vm-grid .vm-state").contains("Running"));
        try (Browser second = new Browser(1280, 800)) {
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
    @Order(7)
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
    @Order(8)
    void staysUsableInANarrowWindow() throws Exception {
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(420, 800));
        browser.driver.get(hangar.url);
        browser.waitUntil("the list in a narrow window", d -> names(browser).size() == 3);
        assertTrue(browser.find("vaadin-text-field.name-filter").isDisplayed());
        assertTrue(browser.find("vaadin-drawer-toggle").isDisplayed(), "the navigation folds into the drawer toggle");
        browser.screenshot("vm-list-narrow");
    }
}
