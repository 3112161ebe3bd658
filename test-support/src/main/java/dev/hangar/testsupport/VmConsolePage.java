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

    /** Signs in at the VM's page and waits until it shows the VM's title. */
    public static VmConsolePage open(Chromium browser, String url, String user, String password, String connection,
                                     String vm) {
        VmConsolePage page = new VmConsolePage(browser, address(url, connection, vm));
        Login.signIn(browser.driver, page.address, user, password);
        page.reload(vm);
        return page;
    }

    /** Opens the page afresh in this tab (a new document: what was recorded in the old one is gone). */
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
        browser.waitUntil("the console area", d -> !d.findElements(By.cssSelector(".console-area")).isEmpty());
        if (browser.driver.findElements(By.cssSelector(".console-area " + tag)).isEmpty()) {
            clickNamed("the console switcher", "", "vaadin-select.console-switcher");
            clickNamed("'" + label + "' in the console switcher", label, "vaadin-select-item");
        }
        browser.find(".console-area " + tag);
        return tag.equals(BrowserConsole.SERIAL) ? BrowserConsole.serial(browser).watch() : BrowserConsole.vnc(browser).watch();
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

    /** Clicks the first displayed element of {@code css} whose text starts with {@code text}. */
    public void clickNamed(String what, String text, String css) {
        WebElement target = browser.wait(Chromium.WAIT).withMessage(() -> what + " at " + browser.driver.getCurrentUrl()
                + "; the page shows: " + browser.text()).until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector(css));
                    return found.stream().filter(WebElement::isDisplayed)
                            .filter(e -> e.getText().strip().startsWith(text)).findFirst().orElse(null);
                });
        target.click();
    }
}
