package dev.hangar.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A libvirt VM's page in {@link Chromium} as an operator works in it: start the VM from its header, pick
 * a console in the Console area's switcher, use its toolbar (Send key, Take over). Elements are found
 * by the classes the area gives them and by what a person reads on them.
 */
public final class VmConsolePage {
    private final Chromium browser;
    private final String address;

    private VmConsolePage(Chromium browser, String address) {
        this.browser = browser;
        this.address = address;
    }

    /**
     * The address of a libvirt VM's page on the Hangar at {@code url} (ending with '/'): the connection as
     * unpadded base64url, as the host's VmAddress writes it (a test-name VM needs no encoding).
     */
    public static String address(String url, String connection, String vm) {
        return url + "vm/libvirt/" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(connection.getBytes(StandardCharsets.UTF_8)) + "/" + vm;
    }

    /**
     * Signs in at the VM's page and waits until it shows the VM's title; from then on every page of this tab
     * records its consoles' states and lines ({@link BrowserConsole#watchEveryPage}).
     */
    public static VmConsolePage open(Chromium browser, String url, String user, String password, String connection,
                                     String vm) {
        VmConsolePage page = new VmConsolePage(browser, address(url, connection, vm));
        BrowserConsole.watchEveryPage(browser);
        Login.signIn(browser.driver, page.address, user, password);
        page.reload(vm);
        return page;
    }

    /** The VM's page in this tab of a browser that is signed in already (another window of its session). */
    public static VmConsolePage signedIn(Chromium browser, String url, String connection, String vm) {
        VmConsolePage page = new VmConsolePage(browser, address(url, connection, vm));
        BrowserConsole.watchEveryPage(browser);
        page.reload(vm);
        return page;
    }

    /** Opens the page afresh in this tab (its consoles' states and lines are recorded from the start, see open). */
    public void reload(String vm) {
        browser.driver.get(address);
        browser.waitUntil("the page of " + vm, d -> d.findElements(By.cssSelector("h2.vm-title")).stream()
                .anyMatch(t -> t.getText().equals(vm)));
    }

    public String address() {
        return address;
    }

    /** Clicks the header's Run button. */
    public void run(String vm) {
        browser.find("vaadin-button[aria-label='Run " + vm + "']").click();
    }

    /**
     * Picks a console in the switcher by its label's start ("Serial", "Graphical") unless the area shows it
     * already (the first available console is shown by default, a switcher only with two or more), and
     * starts recording its states and lines.
     */
    public BrowserConsole console(String label, String tag) {
        String element = ".console-area " + tag;
        String switcher = "vaadin-select.console-switcher";
        browser.waitUntil("the console area to show " + label + " or offer it in its switcher", d -> !d.findElements(
                By.cssSelector(element)).isEmpty() || d.findElements(By.cssSelector(switcher)).stream().anyMatch(WebElement::isDisplayed));
        if (browser.driver.findElements(By.cssSelector(element)).isEmpty() && !chosen(switcher).startsWith(label)) {
            clickNamed("the console switcher", "", switcher);
            // The options of the opened list, not the item that shows the chosen value in the select itself.
            clickNamed("'" + label + "' in the console switcher", label, "vaadin-select-item[role='option']");
        }
        browser.find(element);
        return tag.equals(BrowserConsole.SERIAL) ? BrowserConsole.serial(browser).watch() : BrowserConsole.vnc(browser).watch();
    }

    /** The label the switcher shows as chosen ("" without a switcher or a choice). */
    private String chosen(String switcher) {
        List<WebElement> shown = browser.driver.findElements(By.cssSelector(switcher + " vaadin-select-item"));
        return shown.isEmpty() ? "" : shown.get(0).getText().strip();
    }

    public BrowserConsole serial() {
        return console("Serial", BrowserConsole.SERIAL);
    }

    public BrowserConsole vnc() {
        return console("Graphical", BrowserConsole.VNC);
    }

    /** Opens the toolbar's "Send key" menu and picks a combination by its class (e.g. "ctrl-alt-del"). */
    public void sendKey(String combination) {
        clickNamed("the toolbar's Send key", "Send key", "vaadin-menu-bar.console-send-key vaadin-menu-bar-button");
        clickNamed("'" + combination + "' in the Send key menu", "", "vaadin-menu-bar-item.console-key-" + combination);
    }

    /** Clicks the Take over button the area offers when someone else holds the console, and confirms. */
    public void takeOver() {
        clickNamed("the Take over button", "Take over", "vaadin-button.console-take-over");
        clickNamed("Take over in the confirmation", "Take over", "vaadin-button[slot='confirm-button']");
    }

    /** Whether the area offers Take over. */
    public boolean offersTakeOver() {
        return browser.driver.findElements(By.cssSelector("vaadin-button.console-take-over")).stream()
                .anyMatch(WebElement::isDisplayed);
    }

    /**
     * Clicks the first displayed element of {@code css} whose text starts with {@code text}, scrolled to the
     * middle of the window first (at the window's edge the app layout's bars would take the click).
     */
    public void clickNamed(String what, String text, String css) {
        WebElement target = browser.wait(Chromium.WAIT).withMessage(() -> what + " at " + browser.driver.getCurrentUrl()
                + "; the page shows: " + browser.text()).until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector(css));
                    return found.stream().filter(WebElement::isDisplayed)
                            .filter(e -> e.getText().strip().startsWith(text)).findFirst().orElse(null);
                });
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
        target.click();
    }
}
