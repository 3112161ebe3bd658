package dev.hangar.host.ui.devicechange;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import dev.hangar.host.configure.Configuration;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Permission;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.vm.VmRef;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What the Disks and Network interfaces subtabs share for changing a VM's devices: whether (and what)
 * the VM's provider lets change, for whom, running each change through {@link Configuration#change}
 * (never the provider itself) and saying how it went in a note beside the table. Every call that may
 * take time completes off the UI thread and reaches the page through {@link UI#access}.
 */
public final class DeviceChanges {
    private final Configuration configuration;
    private final Access access;
    private final Component owner;
    private final Div note = new Div();
    /** The VM whose settings were last asked for, and the answer: a late answer for another VM is dropped. */
    private VmRef loading;
    private Set<Setting> changeable = Set.of();
    private int changes;

    /**
     * @param owner the subtab: its UI is the one results are delivered to
     */
    public DeviceChanges(Configuration configuration, Access access, Component owner) {
        this.configuration = configuration;
        this.access = access;
        this.owner = owner;
        note.addClassName("device-change-note");
        note.getElement().setAttribute("aria-live", "polite");
        note.setVisible(false);
    }

    /** The note that says how the last change went; placed next to the table. */
    public Div note() {
        return note;
    }

    /**
     * Reads what can be changed on {@code vm} (nothing when its provider has no configuration, or the
     * user may not configure); {@code then} runs on the UI thread once {@link #allows} says it.
     */
    public void load(VmRef vm, Runnable then) {
        boolean another = !java.util.Objects.equals(vm, loading);
        loading = vm;
        if (vm == null || !access.may(Permission.CONFIGURE) || !configuration.offered(vm)) {
            changeable = Set.of();
            then.run();
            return;
        }
        if (another) {
            // Nothing of the previous VM's stays offered while this one's settings are read.
            changeable = Set.of();
            then.run();
        }
        UI ui = ui();
        CompletionStage<VmSettings> settings;
        try {
            settings = configuration.settings(vm);
        } catch (RuntimeException e) {
            settings = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        settings.whenComplete((read, failure) -> onUi(ui, () -> {
            if (!vm.equals(loading)) {
                return;
            }
            if (failure != null) {
                changeable = Set.of();
                show("Cannot read what may be changed on VM " + vm.name(), null, failure);
            } else {
                changeable = read.changeable();
            }
            then.run();
        }));
    }

    /** Whether the last settings read let change {@code setting} (and the user may). */
    public boolean allows(Setting setting) {
        return changeable.contains(setting) && access.may(Permission.CONFIGURE);
    }

    /** Whether the signed-in user may delete data (a disk's volume) as well. */
    public boolean mayDelete() {
        return access.may(Permission.DELETE);
    }

    /**
     * The pools, networks, buses and models to offer, handed to {@code then} on the UI thread; empty
     * when the provider offers none (the dialogs then take file paths and names only).
     */
    public void choices(VmRef vm, Consumer<Optional<CreationChoices>> then) {
        UI ui = ui();
        CompletionStage<CreationChoices> choices;
        try {
            choices = configuration.choices(vm);
        } catch (RuntimeException e) {
            choices = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        choices.whenComplete((read, failure) -> onUi(ui, () -> then.accept(Optional.ofNullable(failure == null ? read : null))));
    }

    /**
     * Runs one change as the signed-in user and says in the note how it went: "{@code what}: applied
     * live", "… applies at next boot", or "{@code what} failed: " and the whole message.
     *
     * @param what the change in words: "Detach disk vdb"
     */
    public void run(VmRef vm, String what, VmChange change) {
        Optional<Actor> actor = access.actor();
        if (actor.isEmpty()) {
            show(what, null, new IllegalStateException("You are signed out: sign in again to change this VM."));
            return;
        }
        UI ui = ui();
        int run = ++changes;
        note.setText(what + "…");
        note.getElement().removeAttribute("role");
        note.getElement().setAttribute("data-state", "running");
        note.setVisible(true);
        CompletionStage<Applied> applied;
        try {
            applied = configuration.change(actor.get(), vm, change);
        } catch (RuntimeException e) {
            applied = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        applied.whenComplete((result, failure) -> onUi(ui, () -> {
            // A later change's note is not replaced by an earlier one that ends after it.
            if (run == changes) {
                show(what, result, failure);
            }
        }));
    }

    private void show(String what, Applied applied, Throwable failure) {
        if (failure != null) {
            note.setText(what + " failed: " + message(failure));
            note.getElement().setAttribute("data-state", "failed");
            note.getElement().setAttribute("role", "alert");
        } else {
            note.setText(what + ": " + outcome(applied));
            note.getElement().setAttribute("data-state", "done");
            note.getElement().removeAttribute("role");
        }
        note.setVisible(true);
    }

    /** A button of one device's change, beside the table. */
    public static Button button(String label, String className, Runnable onClick) {
        Button button = new Button(label, e -> onClick.run());
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        button.addClassName(className);
        button.setVisible(false);
        return button;
    }

    /** How a change was applied, in words, with the provider's before and after when it gave them. */
    public static String outcome(Applied applied) {
        String how;
        if (applied.live() && applied.nextBoot()) {
            how = "applied live and kept for the next boot";
        } else if (applied.live()) {
            how = "applied live";
        } else if (applied.nextBoot()) {
            how = "applies at next boot";
        } else {
            how = "done";
        }
        if (applied.before().isEmpty() && applied.after().isEmpty()) {
            return how;
        }
        String before = applied.before().isEmpty() ? "none" : applied.before();
        String after = applied.after().isEmpty() ? "none" : applied.after();
        return how + " (" + before + " → " + after + ")";
    }

    /** The failure's own message, whole, without the wrappers of the stages it went through. */
    static String message(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.toString() : cause.getMessage();
    }

    /**
     * The UI of the page the subtab is on. A subtab that is not selected is detached, so the UI of the
     * request that asked (the page's) is taken first.
     */
    private UI ui() {
        UI current = UI.getCurrent();
        return current != null ? current : owner.getUI().orElse(null);
    }

    /** Runs on {@code ui}'s thread: now when this thread holds its lock, else through {@link UI#access}. */
    private static void onUi(UI ui, Runnable task) {
        if (ui == null) {
            return;
        }
        if (ui.getSession() != null && ui.getSession().hasLock()) {
            task.run();
            return;
        }
        try {
            ui.access(task::run);
        } catch (UIDetachedException e) {
            // The page closed before the answer came: nothing to show it on.
        }
    }
}
