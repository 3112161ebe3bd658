package dev.hangar.testsupport;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The VM list's create dialog in a browser, driven as a person does: opened from the list's
 * "Create VM" button, its fields typed into and picked, Create clicked. {@link #arm} records in the
 * page, on the page's own clock, the click on Create, the progress the dialog shows, its closing and
 * the new VM's row in the list until it says Running; {@link #timeline} reads that back.
 */
public final class CreateVmPage {
    /**
     * Records what follows the next click on Create, polled on every animation frame: the progress box
     * shown (and the bar's values and texts), the dialog closed, the VM's row in the list, the row
     * saying Running.
     */
    private static final String ARM = """
            const w = window.__hangarCreate = {name: arguments[0], clicked: null, progress: null, values: [], texts: [],
              closed: null, listed: null, running: null, row: null};
            document.addEventListener('click', e => {
              if (w.clicked === null && e.composedPath().some(n => n.classList && n.classList.contains('create-confirm')))
                w.clicked = e.timeStamp;
            }, true);
            const rowText = () => {
              for (const cell of document.querySelectorAll('vaadin-grid.vm-grid vaadin-grid-cell-content')) {
                if (cell.textContent.trim() !== w.name || !cell.assignedSlot) continue;
                const tr = cell.assignedSlot.closest('tr');
                if (tr) return Array.from(tr.querySelectorAll('slot'))
                    .map(s => s.assignedElements().map(e => e.textContent.replace(/\\s+/g, ' ').trim()).join(' ')).join(' | ');
              }
              return null;
            };
            const poll = () => {
              const now = performance.now();
              if (w.clicked !== null) {
                const box = document.querySelector('.create-progress');
                const bar = document.querySelector('vaadin-progress-bar.create-progress-bar');
                if (w.closed === null && box && !box.hidden && bar) {
                  if (w.progress === null) w.progress = now;
                  const value = bar.indeterminate ? 'indeterminate' : String(bar.value);
                  if (w.values[w.values.length - 1] !== value) w.values.push(value);
                  const text = (document.querySelector('.create-progress-text') || {}).textContent;
                  if (text && w.texts[w.texts.length - 1] !== text) w.texts.push(text);
                }
                const dialog = document.querySelector('vaadin-dialog.create-vm-dialog');
                if (w.closed === null && (!dialog || !dialog.opened)) w.closed = now;
                const row = rowText();
                if (row !== null) {
                  w.row = row;
                  if (w.listed === null) w.listed = now;
                  if (w.running === null && row.split(' | ').some(part => part.startsWith('Running'))) w.running = now;
                }
              }
              if (w.running === null || w.closed === null) requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
            """;

    /** Records the next click on the list's Create VM button and the first frame in which the dialog offers Create. */
    private static final String ARM_OPEN = """
            const w = window.__hangarCreateOpen = {clicked: null, ready: null};
            document.addEventListener('click', e => {
              if (w.clicked === null && e.composedPath().some(n => n.classList && n.classList.contains('create-vm-button')))
                w.clicked = e.timeStamp;
            }, true);
            const poll = () => {
              if (w.clicked !== null && document.querySelector('vaadin-button.create-confirm:not([disabled])')) {
                w.ready = performance.now();
                return;
              }
              requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
            """;

    private final Chromium browser;

    private CreateVmPage(Chromium browser) {
        this.browser = browser;
    }

    /** Signs in at {@code url} (the VM list) and opens the dialog. */
    public static CreateVmPage open(Chromium browser, String url, String user, String password) {
        Login.signIn(browser.driver, url, user, password);
        return openDialog(browser);
    }

    /** Opens the dialog from the list the browser shows; returns once it offers Create (the connection's choices read). */
    public static CreateVmPage openDialog(Chromium browser) {
        CreateVmPage page = new CreateVmPage(browser);
        page.click("the list's Create VM button", "vaadin-button.create-vm-button");
        page.shown("the dialog's name field", "vaadin-text-field.create-name", "");
        browser.waitUntil("the dialog's Create button to be enabled (the connection's choices read); the page shows: "
                + browser.text(), d -> !d.findElements(By.cssSelector("vaadin-button.create-confirm:not([disabled])")).isEmpty());
        return page;
    }

    /**
     * Opens the dialog like {@link #openDialog} and returns with it the time from the click on Create VM to
     * the first frame in which the dialog offers Create, in ms on the page's clock.
     */
    public static Map.Entry<CreateVmPage, Double> openDialogTimed(Chromium browser) {
        browser.awaitIdle();
        browser.driver.executeScript(ARM_OPEN);
        CreateVmPage page = openDialog(browser);
        browser.waitUntil("the dialog's readiness to be recorded", d -> number(browser.driver.executeScript(
                "return window.__hangarCreateOpen.ready")) != null);
        Map<?, ?> w = (Map<?, ?>) browser.driver.executeScript("return window.__hangarCreateOpen");
        return Map.entry(page, number(w.get("ready")) - number(w.get("clicked")));
    }

    /** Replaces what a text, number or password field ({@code css} of its element) holds with {@code text}, then leaves it. */
    public CreateVmPage type(String css, String text) {
        WebElement input = shown("the field " + css, css + " input, " + css + " textarea", "");
        scroll(input);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text, Keys.TAB);
        return this;
    }

    public CreateVmPage name(String name) {
        return type("vaadin-text-field.create-name", name);
    }

    public CreateVmPage memoryMiB(int mib) {
        return type("vaadin-integer-field.create-memory", Integer.toString(mib));
    }

    public CreateVmPage vcpus(int count) {
        return type("vaadin-integer-field.create-vcpus", Integer.toString(count));
    }

    /** Picks the item whose label starts with {@code label} in the select {@code css}. */
    public CreateVmPage pick(String css, String label) {
        click("the select " + css, css);
        clickNamed("'" + label + "' in " + css, label, "vaadin-select-item[role='option']");
        browser.waitUntil(css + " to show '" + label + "'", d -> d.findElements(By.cssSelector(css + " vaadin-select-item"))
                .stream().anyMatch(e -> e.getText().strip().startsWith(label)));
        return this;
    }

    /** Picks the radio button whose label starts with {@code label} in the group {@code css}. */
    public CreateVmPage radio(String css, String label) {
        clickNamed("'" + label + "' in " + css, label, css + " vaadin-radio-button");
        return this;
    }

    /** Direct kernel boot from these paths on the host (initrd and cmdline may be null). */
    public CreateVmPage kernel(String kernel, String initrd, String cmdline) {
        radio("vaadin-radio-group.create-install-method", "Direct kernel boot");
        type("vaadin-text-field.create-kernel", kernel);
        if (initrd != null) {
            type("vaadin-text-field.create-initrd", initrd);
        }
        if (cmdline != null) {
            type("vaadin-text-field.create-cmdline", cmdline);
        }
        return this;
    }

    /** A new volume of {@code gib} GiB and {@code format} in {@code pool}. */
    public CreateVmPage newVolume(String pool, int gib, String format) {
        radio("vaadin-radio-group.create-storage-kind", "New volume");
        pick("vaadin-select.create-pool", pool);
        type("vaadin-integer-field.create-disk-size", Integer.toString(gib));
        pick("vaadin-select.create-disk-format", format);
        return this;
    }

    /** A NIC on the virtual network {@code name}. */
    public CreateVmPage network(String name) {
        radio("vaadin-radio-group.create-network-kind", "Virtual network");
        return pick("vaadin-select.create-network-name", name);
    }

    /** Ticks or unticks "Start after creation". */
    public CreateVmPage start(boolean start) {
        WebElement box = shown("the Start after creation box", "vaadin-checkbox.create-start", "");
        if (box.getAttribute("checked") != null != start) {
            scroll(box);
            box.click();
        }
        return this;
    }

    /** Starts recording what follows the next click on Create (see {@link #ARM}) for the VM {@code name}. */
    public void arm(String name) {
        browser.awaitIdle();
        browser.driver.executeScript(ARM, name);
    }

    /** Clicks Create. */
    public void create() {
        click("the dialog's Create button", "vaadin-button.create-confirm");
    }

    /** What the dialog says at its top, and the messages next to its fields. */
    public String problems() {
        Object text = browser.driver.executeScript("""
                const top = document.querySelector('.create-problem');
                const fields = Array.from(document.querySelectorAll('vaadin-dialog-overlay [invalid]'))
                  .map(f => (f.label || f.className) + ': ' + f.errorMessage);
                return [top && !top.hidden ? top.textContent : ''].concat(fields).filter(t => t).join('; ');""");
        return String.valueOf(text);
    }

    /**
     * What {@link #arm} recorded, times in ms after the click on Create (null: not seen yet).
     *
     * @param values the progress bar's values as shown ("indeterminate" or 0..1)
     * @param row    the VM's row in the list as last seen
     */
    public record Timeline(Double progress, List<String> values, List<String> texts, Double closed, Double listed,
                           Double running, String row) {
    }

    public Timeline timeline() {
        Map<?, ?> w = (Map<?, ?>) browser.driver.executeScript("return window.__hangarCreate");
        Double clicked = number(w.get("clicked"));
        return new Timeline(since(clicked, w.get("progress")), strings(w.get("values")), strings(w.get("texts")),
                since(clicked, w.get("closed")), since(clicked, w.get("listed")), since(clicked, w.get("running")),
                w.get("row") == null ? null : w.get("row").toString());
    }

    /**
     * Waits until the VM's row in the list says Running and the dialog has closed (its task ended), after
     * {@link #arm} and {@link #create}; fails with what was recorded and what the dialog says.
     */
    public Timeline awaitRunning(java.time.Duration limit) {
        browser.wait(limit).withMessage(() -> "the new VM's row to say Running and the dialog to close; recorded " + timeline()
                + "; the dialog says: " + problems()).until(d -> timeline().running() != null && timeline().closed() != null);
        return timeline();
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Double since(Double clicked, Object at) {
        Double time = number(at);
        return clicked == null || time == null ? null : time - clicked;
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> items ? items.stream().map(String::valueOf).toList() : List.of();
    }

    private void click(String what, String css) {
        clickNamed(what, "", css);
    }

    /**
     * Clicks the first element of {@code css} that is rendered (not hidden) and whose text starts with
     * {@code text}, scrolled into view first. Selenium's own "displayed" says no for a field scrolled out
     * of the dialog's scrolling content, which is where most of the dialog's fields are at any time.
     */
    private void clickNamed(String what, String text, String css) {
        WebElement target = shown(what, css, text);
        scroll(target);
        target.click();
    }

    /** The first rendered element of {@code css} whose text starts with {@code text}, once there is one. */
    private WebElement shown(String what, String css, String text) {
        return browser.wait(Chromium.WAIT).withMessage(() -> what + " at " + browser.driver.getCurrentUrl()
                + "; its matches: " + browser.driver.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => { const r = e.getBoundingClientRect(); return e.localName + ' ' + JSON.stringify(e.textContent.trim()"
                + ".slice(0, 40)) + ' visible=' + e.checkVisibility({visibilityProperty: true}) + ' ' + r.width + 'x' + r.height; })"
                + ".join('; ')", css) + "; the page shows: " + browser.text()).until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(this::rendered).filter(e -> e.getText().strip().startsWith(text)).findFirst().orElse(null));
    }

    private boolean rendered(WebElement element) {
        return Boolean.TRUE.equals(browser.driver.executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                        + " return arguments[0].checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0;",
                element));
    }

    private void scroll(WebElement element) {
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    }
}
