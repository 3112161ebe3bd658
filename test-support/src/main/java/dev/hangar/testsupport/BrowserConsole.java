package dev.hangar.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A guest console element on the page in {@link Chromium} ({@code <hangar-serial-console>} or
 * {@code <hangar-vnc-console>}, light DOM), read and driven as a person would use it: the serial
 * terminal's text from xterm's DOM rows, keys typed into the focused terminal, the VNC frame's
 * pixels read from noVNC's canvas, and the {@code console-state} events the elements dispatch.
 * {@link #watch()} starts recording in the page (on the page's own clock), for what scrolls out of
 * the terminal's rows and for timings.
 */
public final class BrowserConsole {
    public static final String SERIAL = "hangar-serial-console";
    public static final String VNC = "hangar-vnc-console";

    /**
     * Installed once per document: every console-state event with its time; every row text the serial
     * terminal showed (insertion-ordered, the oldest dropped beyond 20,000); the first time a VNC canvas
     * showed a non-blank frame. A guest flooding its console must not make the recorder itself the
     * page's burden, so the rows are read at most once per animation frame.
     */
    private static final String WATCH = """
            (() => {
            if (window.__hangarConsoles) return;
            const w = window.__hangarConsoles = {states: [], lines: new Map(), firstFrame: null, echo: null, echoes: []};
            document.addEventListener('console-state', e => w.states.push(
                {at: performance.now(), tag: e.target.localName, state: e.detail.state, code: e.detail.code ?? null,
                 reason: e.detail.reason ?? null}), true);
            const rowsText = el => {
              const rows = el && el.querySelector('.xterm-rows');
              return rows ? Array.from(rows.children, r => r.textContent.replace(/\\u00a0/g, ' ')) : [];
            };
            w.rowsText = rowsText;
            let queued = false;
            const record = () => {
              queued = false;
              for (const line of rowsText(document.querySelector('hangar-serial-console'))) {
                if (line.trim() === '') continue;
                w.lines.delete(line);
                w.lines.set(line, true);
              }
              while (w.lines.size > 20000) w.lines.delete(w.lines.keys().next().value);
            };
            new MutationObserver(() => {
              if (w.echo) {
                const text = rowsText(document.querySelector('hangar-serial-console')).join('');
                if (text.includes(w.echo.expected)) {
                  w.echoes.push(performance.now() - w.echo.typed);
                  w.echo = null;
                }
              }
              if (!queued) { queued = true; requestAnimationFrame(record); }
            }).observe(document, {subtree: true, childList: true, characterData: true});
            document.addEventListener('keydown', e => {
              if (w.echo && w.echo.typed === null) w.echo.typed = e.timeStamp;
            }, true);
            })();
            """;
    /** Non-blank pixels (not the frame's first pixel's colour) and a hash of every pixel of noVNC's canvas. */
    private static final String FRAME = """
            const el = document.querySelector('hangar-vnc-console');
            const canvas = el && el.querySelector('canvas');
            if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let hash = 2166136261, lit = 0;
            for (let i = 0; i < data.length; i += 4) {
              const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
              if (rgb !== ((data[0] << 16) | (data[1] << 8) | data[2])) lit++;
              hash = Math.imul(hash ^ rgb, 16777619) >>> 0;
            }
            return {width: canvas.width, height: canvas.height, shownWidth: canvas.clientWidth, shownHeight: canvas.clientHeight,
                    lit: lit, hash: hash};
            """;

    /**
     * What noVNC's canvas holds: its size in pixels, the size it is shown at on the page (CSS pixels), how
     * many pixels differ from its first pixel, a hash of all.
     */
    public record Frame(long width, long height, long shownWidth, long shownHeight, long lit, long hash) {
        public boolean blank() {
            return lit == 0;
        }

        /** Whether a person sees it: a frame drawn into a canvas laid out at 0 × 0 px shows nothing. */
        public boolean shown() {
            return shownWidth > 0 && shownHeight > 0;
        }
    }

    /** A console-state event the element dispatched, at the page's performance.now(). */
    public record State(double at, String tag, String state, Long code, String reason) {
    }

    private final Chromium browser;
    private final String tag;

    private BrowserConsole(Chromium browser, String tag) {
        this.browser = browser;
        this.tag = tag;
    }

    public static BrowserConsole serial(Chromium browser) {
        return new BrowserConsole(browser, SERIAL);
    }

    public static BrowserConsole vnc(Chromium browser) {
        return new BrowserConsole(browser, VNC);
    }

    /** The element, once the page shows it. */
    public WebElement element() {
        return browser.find(tag);
    }

    /** Whether the page has such an element at all (shown or not). */
    public boolean present() {
        return !browser.driver.findElements(By.cssSelector(tag)).isEmpty();
    }

    /** Its {@code state} attribute (connecting, connected, disconnected), or null without one. */
    public String state() {
        return (String) browser.driver.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute('state') : null;", tag);
    }

    public void awaitState(String state) {
        browser.wait(Chromium.WAIT).withMessage(() -> tag + " to be " + state + "; it is " + state() + "; the page shows: "
                + browser.text()).until(d -> state.equals(state()));
    }

    /** Starts recording in the page (see {@link #WATCH}); once per document, harmless when repeated. */
    public BrowserConsole watch() {
        browser.driver.executeScript(WATCH);
        return this;
    }

    /**
     * Records in every document this tab opens from now on, from before the page's own scripts run (CDP
     * {@code Page.addScriptToEvaluateOnNewDocument}): a console refused at its first connect is seen too.
     */
    public static void watchEveryPage(Chromium browser) {
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
    }

    /** The console-state events of this kind of console since {@link #watch()}. */
    public List<State> states() {
        List<?> raw = (List<?>) browser.driver.executeScript("return window.__hangarConsoles.states");
        return raw.stream().map(o -> (Map<?, ?>) o).filter(m -> tag.equals(m.get("tag")))
                .map(m -> new State(((Number) m.get("at")).doubleValue(), (String) m.get("tag"), (String) m.get("state"),
                        m.get("code") == null ? null : ((Number) m.get("code")).longValue(), (String) m.get("reason")))
                .toList();
    }

    /** The serial terminal's rows as it shows them now, one line each. */
    public String text() {
        Object rows = browser.driver.executeScript(
                "const rows = document.querySelector(arguments[0] + ' .xterm-rows');"
                        + " return rows ? Array.from(rows.children, r => r.textContent.replace(/\\u00a0/g, ' ')).join('\\n') : '';",
                tag);
        return String.valueOf(rows);
    }

    /** Every line the terminal showed since {@link #watch()} (also those scrolled out since), in order. */
    public String seen() {
        return String.valueOf(browser.driver.executeScript(
                "return Array.from(window.__hangarConsoles.lines.keys()).join('\\n')"));
    }

    /** Forgets the lines seen so far: what {@link #seen()} shows afterwards arrived afterwards. */
    public void forgetSeen() {
        browser.driver.executeScript("window.__hangarConsoles.lines.clear()");
    }

    /** Waits until the terminal showed {@code expected} (in its rows now or, after {@link #watch()}, since then). */
    public void awaitText(String expected, Duration limit) {
        browser.wait(limit).withMessage(() -> "the serial console to show '" + expected + "'; state " + state()
                + "; it shows:\n" + text()).until(d -> text().contains(expected) || watching() && seen().contains(expected));
    }

    private boolean watching() {
        return Boolean.TRUE.equals(browser.driver.executeScript("return !!window.__hangarConsoles"));
    }

    /** Focuses the terminal (a click on it, as a person does) and types {@code keys} into it. */
    public void type(CharSequence... keys) {
        focus();
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    /**
     * Types {@code echo HANGAR-<random>-$((40+2))} and Enter at the guest's shell and waits until its output
     * {@code HANGAR-<random>-42} shows: text the typed line itself does not hold. Returns that output.
     */
    public String echoComesBack(Duration limit) {
        String output = "HANGAR-" + UUID.randomUUID().toString().substring(0, 8) + "-42";
        type(Keys.ENTER);
        type("echo " + output.substring(0, output.length() - 2) + "$((40+2))", Keys.ENTER);
        awaitText(output, limit);
        return output;
    }

    /** Clicks into the console so that it has the keyboard. */
    public void focus() {
        WebElement target = element();
        List<WebElement> screens = target.findElements(By.cssSelector(tag.equals(SERIAL) ? ".xterm-screen" : "canvas"));
        (screens.isEmpty() ? target : screens.get(0)).click();
    }

    /**
     * Types {@code text} key by key into the focused serial terminal, each key only after the previous one
     * came back on the screen, and returns each key's echo latency in ms: the keydown event → the terminal's
     * rows holding {@code echoPrefix} and the text typed so far (see {@link #WATCH}; call {@link #watch()} first).
     */
    public List<Double> typeTimed(String echoPrefix, String text, Duration perKey) {
        focus();
        for (int i = 0; i < text.length(); i++) {
            String expected = echoPrefix + text.substring(0, i + 1);
            int done = i;
            browser.driver.executeScript("window.__hangarConsoles.echo = {expected: arguments[0], typed: null}", expected);
            new Actions(browser.driver).sendKeys(String.valueOf(text.charAt(i))).perform();
            browser.wait(perKey).withMessage(() -> "'" + expected + "' to come back; the terminal shows:\n" + text())
                    .until(d -> ((Number) browser.driver.executeScript("return window.__hangarConsoles.echoes.length"))
                            .intValue() > done);
        }
        List<?> raw = (List<?>) browser.driver.executeScript("return window.__hangarConsoles.echoes.splice(0)");
        return raw.stream().map(o -> ((Number) o).doubleValue()).toList();
    }

    /** What noVNC's canvas shows now, or null while there is no canvas with a size. */
    public Frame frame() {
        Map<?, ?> raw = (Map<?, ?>) browser.driver.executeScript(FRAME);
        return raw == null ? null : new Frame(number(raw, "width"), number(raw, "height"), number(raw, "shownWidth"),
                number(raw, "shownHeight"), number(raw, "lit"), number(raw, "hash"));
    }

    private static long number(Map<?, ?> raw, String key) {
        return ((Number) raw.get(key)).longValue();
    }

    /** Waits for a non-blank frame shown on the page at a size above 0 × 0 px, and returns it. */
    public Frame awaitFrame(Duration limit) {
        Frame[] frame = new Frame[1];
        browser.wait(limit).withMessage(() -> "a non-blank VNC frame shown on the page; state " + state() + ", canvas "
                + frame[0]).until(d -> {
                    frame[0] = frame();
                    return frame[0] != null && !frame[0].blank() && frame[0].shown();
                });
        return frame[0];
    }

    /** Waits until the frame differs from {@code before} (another hash) and is not blank; returns it. */
    public Frame awaitFrameOtherThan(Frame before, Duration limit) {
        Frame[] frame = new Frame[1];
        browser.wait(limit).withMessage(() -> "the VNC frame to change from " + before + "; it is " + frame[0])
                .until(d -> {
                    frame[0] = frame();
                    return frame[0] != null && !frame[0].blank() && frame[0].shown() && frame[0].hash() != before.hash();
                });
        return frame[0];
    }
}
