package dev.hangar.host.ui.consoles;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.consoles.ConsoleGate;
import dev.hangar.host.consoles.ConsoleTarget;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A VM's consoles on its page (or in a window of their own): a switcher between them, the chosen one's
 * browser element connected through {@link ConsoleGate}, its state, a toolbar (Send key, Paste text,
 * Fullscreen, Open in a new window, Disconnect/Reconnect) and who else is connected. Shown only for
 * VMs whose provider has {@link Consoles}; the list is read through the registry (never on the UI
 * thread) and read again when the VM's state changes. Users whose role may not open consoles see why,
 * and no element. Everything a VM or provider says is set as text.
 */
public final class ConsoleArea extends Div {
    public static final String VIEWER_TEXT =
            "Only operators and administrators open consoles: a console is full control of the guest.";
    public static final String START_TEXT = "Start the VM to use its console";
    public static final String NO_GRAPHICS_TEXT = "This VM has no graphical console";
    public static final String NO_CONSOLE_TEXT = "This VM has no console";
    public static final String SPICE_TEXT = "Open it with remote-viewer (virt-viewer).";
    private static final Logger LOG = System.getLogger(ConsoleArea.class.getName());

    private final ProviderRegistry providers;
    private final ConsoleGate gate;
    private final Access access;
    private final boolean windowed;
    private final SpiceFile spiceFile;
    private final Select<Console> switcher = new Select<>();
    private final Div toolbar = new Div();
    private final MenuBar sendKey = new MenuBar();
    private final Button connection = new Button();
    private final Anchor window = new Anchor();
    private final Span status = new Span();
    private final Span viewers = new Span();
    private final Span noGraphics = new Span(NO_GRAPHICS_TEXT);
    private final Div note = new Div();
    private final Div body = new Div();
    private List<Object> shownFor;
    private VmRef ref;
    private String vmName;
    private ActiveProvider provider;
    private List<Console> consoles = List.of();
    private Console chosen;
    private ConsoleElement element;
    private boolean connected;
    private boolean userChose;
    private String remembered;
    private Map<ConsoleTarget, List<String>> allViewers = Map.of();
    private Disposable listing = Disposable.disposed();

    /**
     * @param windowed shown in a window of its own: no "Open in a new window"
     */
    public ConsoleArea(ProviderRegistry providers, ConsoleGate gate, Gatekeeper gatekeeper, Access access, boolean windowed) {
        this.providers = providers;
        this.gate = gate;
        this.access = access;
        this.windowed = windowed;
        this.spiceFile = new SpiceFile(providers, gatekeeper);
        addClassName("console-area");
        H3 title = new H3("Console");
        title.addClassName("console-title");
        switcher.addClassName("console-switcher");
        switcher.setAriaLabel("Console");
        switcher.setItemLabelGenerator(Console::label);
        switcher.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                userChose = true;
                remember(e.getValue().id());
                choose(e.getValue());
            }
        });
        status.addClassName("console-status");
        Div heading = new Div(title, switcher, status, connection);
        heading.addClassName("console-heading");

        sendKey.addClassName("console-send-key");
        sendKey.addThemeVariants(MenuBarVariant.LUMO_SMALL, MenuBarVariant.LUMO_TERTIARY);
        MenuItem keys = sendKey.addItem("Send key");
        for (KeyCombo combo : KeyCombo.menu()) {
            keys.getSubMenu().addItem(combo.label(), e -> {
                if (element instanceof ConsoleElement.Vnc vnc) {
                    vnc.sendKeys(combo.combo());
                }
            }).addClassName("console-key-" + combo.combo().replace('+', '-'));
        }
        Button paste = small(new Button("Paste text", VaadinIcon.PASTE.create(), e -> openPaste()));
        paste.addClassName("console-paste");
        Button fullscreen = small(new Button("Fullscreen", VaadinIcon.EXPAND_FULL.create(), e -> {
            if (element != null) {
                element.fullscreen();
            }
        }));
        fullscreen.addClassName("console-fullscreen");
        window.add(VaadinIcon.EXTERNAL_LINK.create(), new Span("New window"));
        window.setTitle("Open in a new window");
        window.setAriaLabel("Open in a new window");
        window.setTarget(AnchorTarget.BLANK);
        window.addClassName("console-window");
        window.setVisible(!windowed);
        small(connection).addClassName("console-connection");
        connection.addClickListener(e -> toggleConnection());
        toolbar.addClassName("console-toolbar");
        toolbar.add(sendKey, paste, fullscreen, window);

        viewers.addClassName("console-viewers");
        viewers.setVisible(false);
        noGraphics.addClassName("console-no-graphics");
        noGraphics.setVisible(false);
        note.addClassName("console-note");
        note.setVisible(false);
        body.addClassName("console-body");
        add(heading, toolbar, viewers, noGraphics, note, body);
        setVisible(false);
        clear();
        Live.bind(this, gate.viewers(), all -> {
            allViewers = all;
            showViewers();
        });
    }

    private static Button small(Button button) {
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    /**
     * Shows the consoles of {@code vm} of {@code provider} (null when gone); {@code running} says whether
     * it runs (a console needs a running guest). Reads the consoles again when either changes.
     */
    public void show(Vm vm, ActiveProvider provider, boolean running) {
        boolean has = provider != null && providers.capability(provider.name(), Consoles.class).isPresent();
        setVisible(has);
        List<Object> key = Arrays.asList(has ? provider : null, vm.ref(), vm.state(), running);
        if (key.equals(shownFor)) {
            return;
        }
        shownFor = key;
        if (!vm.ref().equals(ref)) {
            // Another VM (the page is reused): its own remembered console.
            ref = vm.ref();
            userChose = false;
            remembered = null;
            chosen = null;
            readRemembered();
        }
        vmName = vm.name();
        this.provider = provider;
        window.setHref(VmAddress.of(ref).consolePath());
        listing.dispose();
        if (!has) {
            clear();
        } else if (!access.may(Permission.CONSOLE)) {
            clear();
            say(VIEWER_TEXT);
        } else if (!running) {
            clear();
            say(START_TEXT);
        } else {
            list();
        }
    }

    /** Nothing shown: no element, no toolbar, no switcher. */
    private void clear() {
        dropElement();
        consoles = List.of();
        switcher.setVisible(false);
        toolbar.setVisible(false);
        connection.setVisible(false);
        noGraphics.setVisible(false);
        status.setText("");
        say(null);
        body.removeAll();
    }

    private void say(String text) {
        note.removeAll();
        note.setText(text == null ? "" : text);
        note.setVisible(text != null);
    }

    private void list() {
        status.setText("Reading the consoles…");
        VmRef asked = ref;
        var answer = providers.call(provider.name(), Consoles.class, "consoles of VM " + vmName,
                capability -> capability.consoles(asked));
        List<Object> askedFor = shownFor;
        listing = Live.subscribe(UI.getCurrent(), Single.fromCompletionStage(answer).map(found -> new Listing(found, null))
                .onErrorReturn(error -> new Listing(null, "The consoles cannot be read: " + Guard.message(error)))
                .toObservable(), listed -> {
                    // An answer already on its way to the UI when the area moved on (another state, detached).
                    if (askedFor == shownFor) {
                        showList(listed);
                    }
                });
    }

    /** What the provider answered: the VM's consoles, or why not. */
    private record Listing(List<Console> consoles, String problem) {
    }

    private void showList(Listing listed) {
        status.setText("");
        if (listed.problem() != null) {
            clear();
            say(listed.problem());
            return;
        }
        consoles = List.copyOf(listed.consoles());
        if (consoles.isEmpty()) {
            clear();
            say(NO_CONSOLE_TEXT);
            return;
        }
        switcher.setItems(consoles);
        switcher.setVisible(consoles.size() > 1);
        noGraphics.setVisible(consoles.stream().noneMatch(c -> c.kind() != ConsoleKind.SERIAL));
        Console same = chosen == null ? null : find(chosen.id());
        if (same != null && same.equals(chosen) && element != null) {
            // Listed again (the VM's state changed) and still the same: the element reconnects by itself.
            switcher.setValue(same);
            return;
        }
        Console next = same != null ? same : userChose || remembered == null ? null : find(remembered);
        choose(next != null ? next : consoles.stream().filter(Console::isAvailable).findFirst().orElse(consoles.get(0)));
    }

    private Console find(String id) {
        return consoles.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    private void choose(Console console) {
        chosen = console;
        switcher.setValue(console);
        dropElement();
        body.removeAll();
        say(null);
        toolbar.setVisible(false);
        connection.setVisible(false);
        if (!console.isAvailable()) {
            say(console.unavailable());
        } else if (console.kind() == ConsoleKind.SPICE) {
            Span how = new Span(SPICE_TEXT);
            how.addClassName("console-spice-how");
            Div spice = new Div(spiceFile.anchor(ref, console), how);
            spice.addClassName("console-spice");
            body.add(spice);
        } else {
            open(console, false);
        }
    }

    /** Asks the gate for an address and shows the console's element connected to it. */
    private void open(Console console, boolean takeOver) {
        String address;
        try {
            address = gate.address(VaadinSession.getCurrent(), new ConsoleTarget(ref, console.id()), takeOver);
        } catch (AccessDeniedException e) {
            say(e.getMessage());
            return;
        }
        if (takeOver) {
            LOG.log(Level.INFO, access.userName() + " takes over console " + console.id() + " of VM " + vmName);
        }
        if (element != null) {
            element.setSrc(address);
            return;
        }
        UI.getCurrent().getPage().addJsModule(ConsoleElement.MODULE);
        element = console.kind() == ConsoleKind.VNC ? new ConsoleElement.Vnc(address) : new ConsoleElement.Serial(address);
        element.addStateListener(e -> state(e.state(), e.code(), e.reason()));
        body.add(element);
        sendKey.setVisible(console.kind() == ConsoleKind.VNC);
        toolbar.setVisible(true);
        connection.setVisible(true);
        state("connecting", null, null);
    }

    private void dropElement() {
        if (element != null) {
            body.remove(element);
            element = null;
        }
        connected = false;
        showViewers();
    }

    /** What the element says of its connection; refusals in words, a busy console with "Take over". */
    private void state(String state, Integer code, String reason) {
        connected = "connected".equals(state);
        showViewers();
        say(null);
        switch (state == null ? "" : state) {
            case "connecting" -> {
                status.setText("Connecting…");
                connection.setText("Disconnect");
            }
            case "connected" -> {
                status.setText("Connected");
                connection.setText("Disconnect");
            }
            default -> {
                connection.setText("Reconnect");
                CloseCode close = CloseCode.of(code);
                status.setText(close.reconnects() ? "Disconnected, reconnecting…" : "Disconnected");
                if (close != CloseCode.NORMAL) {
                    say(reason == null || reason.isBlank() ? close.text() : reason);
                }
                if (close == CloseCode.BUSY) {
                    Button takeOver = new Button("Take over", e -> confirmTakeOver());
                    takeOver.addClassName("console-take-over");
                    takeOver.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    note.add(takeOver);
                }
            }
        }
    }

    private void toggleConnection() {
        if (element == null) {
            return;
        }
        if ("Disconnect".equals(connection.getText())) {
            element.disconnect();
        } else {
            element.connect();
        }
    }

    private void confirmTakeOver() {
        Console console = chosen;
        ConfirmDialog confirm = new ConfirmDialog("Take over the console?",
                "Another client holds this console. Taking it over disconnects that client.",
                "Take over", e -> {
                    if (console != null && console.equals(chosen)) {
                        open(console, true);
                    }
                });
        confirm.addClassName("console-take-over-confirm");
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void openPaste() {
        Dialog dialog = new Dialog();
        dialog.addClassName("console-paste-dialog");
        dialog.setHeaderTitle("Paste text");
        TextArea text = new TextArea("Text to type into the guest");
        text.addClassName("console-paste-text");
        text.setWidth("30rem");
        Button send = new Button("Type it", e -> {
            if (element != null && !text.getValue().isEmpty()) {
                element.paste(text.getValue());
            }
            dialog.close();
        });
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClassName("console-paste-send");
        dialog.add(text);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), send);
        dialog.open();
        text.focus();
    }

    /** "Also connected: alice, bob": the others on the chosen console, not this page's own connection. */
    private void showViewers() {
        List<String> others = new ArrayList<>(chosen == null || ref == null ? List.of()
                : allViewers.getOrDefault(new ConsoleTarget(ref, chosen.id()), List.of()));
        if (connected) {
            others.remove(access.userName());
        }
        List<String> names = others.stream().filter(Objects::nonNull).distinct().toList();
        viewers.setText(names.isEmpty() ? "" : "Also connected: " + String.join(", ", names));
        viewers.setVisible(!names.isEmpty() && element != null);
    }

    /** The browser remembers the last console chosen per VM (its local storage). */
    private String storageKey() {
        return "hangar.console." + VmAddress.of(ref).path();
    }

    private void remember(String id) {
        getElement().executeJs("try { localStorage.setItem($0, $1) } catch (e) {}", storageKey(), id);
    }

    private void readRemembered() {
        VmRef asked = ref;
        getElement().executeJs("try { return localStorage.getItem($0) } catch (e) { return null }", storageKey())
                .then(String.class, id -> {
                    if (id == null || !asked.equals(ref)) {
                        return;
                    }
                    remembered = id;
                    // The list may have arrived first: switch to the remembered one unless the user chose.
                    Console stored = find(id);
                    if (!userChose && stored != null && !stored.equals(chosen)) {
                        choose(stored);
                    }
                });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        listing.dispose();
        // Shown again: list again (the element left the page and disconnected).
        shownFor = null;
        ref = null;
        dropElement();
        chosen = null;
    }
}
