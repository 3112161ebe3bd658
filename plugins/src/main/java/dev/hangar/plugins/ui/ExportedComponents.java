package dev.hangar.plugins.ui;

import com.vaadin.flow.component.Component;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;

/**
 * The host's components that providers may reuse (the seed's {@code exportedReactComponents}).
 * Call on the UI thread.
 */
public interface ExportedComponents {

    /** The VM's state with its label, colour and icon from the merged state map. */
    Component stateBadge(Vm vm);

    /** A horizontal bar for a fraction from 0 to 1, with a label beside it. */
    Component usageBar(double fraction, String label);

    /**
     * Opens a confirmation dialog whose confirm button is a plain primary one; {@code onConfirm} runs on
     * the UI thread if the user confirms. Text is shown as text, never as HTML.
     */
    void confirm(String title, String message, String confirmLabel, Runnable onConfirm);

    /**
     * Asks before a provider's action: titled and confirmed with the action's label, the confirm
     * button painted as a danger only when the action is {@link ProviderAction#destructive()}.
     * {@code onConfirm} runs on the UI thread if the user confirms; it should {@code VmContext.run} the
     * action. Text is shown as text.
     */
    void confirm(ProviderAction action, String message, Runnable onConfirm);

    /** Shows a short notification; {@code error} styles it as a failure. */
    void notify(String message, boolean error);
}
