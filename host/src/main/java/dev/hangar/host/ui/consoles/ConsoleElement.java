package dev.hangar.host.ui.consoles;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.shared.Registration;

/**
 * The browser's console elements of {@code /consoles/hangar-consoles.js}: they connect to their
 * {@code src} (a websocket path from {@code ConsoleGate}) when it is set, reconnect when it changes
 * and disconnect when removed from the page, and report their state with a {@code console-state} event.
 * The module is loaded by the page that shows one ({@link ConsoleArea}), not by every page.
 */
public abstract sealed class ConsoleElement extends Component implements HasSize
        permits ConsoleElement.Vnc, ConsoleElement.Serial {
    /** Where the host serves the module that defines the elements. */
    public static final String MODULE = "/consoles/hangar-consoles.js";

    ConsoleElement(String src) {
        addClassName("console-element");
        setSrc(src);
    }

    /** Connects to {@code src}: again when it changes (a new address, a take-over). */
    public void setSrc(String src) {
        getElement().setAttribute("src", src);
    }

    public String getSrc() {
        return getElement().getAttribute("src");
    }

    public void connect() {
        getElement().callJsFunction("connect");
    }

    public void disconnect() {
        getElement().callJsFunction("disconnect");
    }

    /** Types {@code text} into the guest (its key presses; the guest has no clipboard of ours). */
    public void paste(String text) {
        getElement().callJsFunction("paste", text);
    }

    public abstract void fullscreen();

    public Registration addStateListener(ComponentEventListener<StateEvent> listener) {
        return addListener(StateEvent.class, listener);
    }

    /** The graphical console: noVNC, scaled to fit, with key combinations a browser would keep for itself. */
    @Tag("hangar-vnc-console")
    public static final class Vnc extends ConsoleElement {
        public Vnc(String src) {
            super(src);
        }

        /** Sends a combination such as {@code ctrl+alt+f2}; Ctrl+Alt+Del has a call of its own. */
        public void sendKeys(String combo) {
            if (KeyCombo.CTRL_ALT_DEL.combo().equals(combo)) {
                getElement().callJsFunction("sendCtrlAltDel");
            } else {
                getElement().callJsFunction("sendKeys", combo);
            }
        }

        @Override
        public void fullscreen() {
            getElement().callJsFunction("fullscreen");
        }
    }

    /** A text console: xterm.js, fitted to its box, typing sends bytes. */
    @Tag("hangar-serial-console")
    public static final class Serial extends ConsoleElement {
        public Serial(String src) {
            super(src);
        }

        @Override
        public void fullscreen() {
            // The element has no call of its own for it: the browser's full screen of its box.
            getElement().executeJs("this.requestFullscreen()");
        }
    }

    /** The element's {@code console-state}: connecting, connected or disconnected, with the close code and reason. */
    @DomEvent("console-state")
    public static final class StateEvent extends ComponentEvent<ConsoleElement> {
        private final String state;
        private final Integer code;
        private final String reason;

        public StateEvent(ConsoleElement source, boolean fromClient,
                @EventData("event.detail.state") String state,
                @EventData("event.detail.code") Integer code,
                @EventData("event.detail.reason") String reason) {
            super(source, fromClient);
            this.state = state;
            this.code = code;
            this.reason = reason;
        }

        public String state() {
            return state;
        }

        /** The websocket's close code (null while connecting or connected). */
        public Integer code() {
            return code;
        }

        /** The close reason, a sentence for people (may be empty). */
        public String reason() {
            return reason;
        }
    }
}
