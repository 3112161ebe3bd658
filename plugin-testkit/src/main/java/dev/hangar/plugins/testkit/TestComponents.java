package dev.hangar.plugins.testkit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Text;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The host's exported components as simple fakes: badges and bars are plain text, every confirmation
 * and notification is recorded, and a confirmation is answered "yes" (its {@code onConfirm} runs at
 * once) unless the test said {@link #declineConfirmations()}.
 */
public final class TestComponents implements ExportedComponents {
    /** A confirmation the provider asked for. */
    public record Confirmation(String title, String message, String confirmLabel, boolean destructive) {
    }

    /** A notification the provider showed. */
    public record Notification(String message, boolean error) {
    }

    private final List<Confirmation> confirmations = new CopyOnWriteArrayList<>();
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private volatile boolean confirm = true;

    /** From now on the user answers "cancel": {@code onConfirm} does not run. */
    public void declineConfirmations() {
        confirm = false;
    }

    public List<Confirmation> confirmations() {
        return List.copyOf(confirmations);
    }

    public List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    @Override
    public Component stateBadge(Vm vm) {
        return new Text(vm.state());
    }

    @Override
    public Component usageBar(double fraction, String label) {
        return new Text(label);
    }

    @Override
    public void confirm(String title, String message, String confirmLabel, Runnable onConfirm) {
        answer(new Confirmation(title, message, confirmLabel, false), onConfirm);
    }

    @Override
    public void confirm(ProviderAction action, String message, Runnable onConfirm) {
        answer(new Confirmation(action.label(), message, action.label(), action.destructive()), onConfirm);
    }

    private void answer(Confirmation confirmation, Runnable onConfirm) {
        confirmations.add(confirmation);
        if (confirm) {
            onConfirm.run();
        }
    }

    @Override
    public void notify(String message, boolean error) {
        notifications.add(new Notification(message, error));
    }
}
