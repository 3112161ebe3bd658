package dev.hangar.host.ui.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The host's exported components, the ones providers may reuse. All text is set as text. */
public final class HostComponents implements ExportedComponents {
    private static final java.util.Set<String> LUMO_ROLES = java.util.Set.of("success", "error", "warning", "contrast", "primary");
    /** Named and hex colours, rgb()/hsl() of numbers, and Lumo's custom properties. */
    private static final Pattern CSS_COLOR = Pattern.compile(
            "[a-zA-Z]{1,30}|#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla)\\([0-9.,%/ ]{1,40}\\)|var\\(--[a-zA-Z0-9-]{1,60}\\)");

    private final Supplier<Map<String, ActiveProvider>> providers;

    /** @param providers the active providers, by name, whose state maps label a VM's state */
    public HostComponents(Supplier<Map<String, ActiveProvider>> providers) {
        this.providers = providers;
    }

    /** How a VM's state is shown, from its provider's merged state map. */
    public VmStateInfo stateInfo(Vm vm) {
        return stateInfo(providers.get(), vm);
    }

    @Override
    public Component stateBadge(Vm vm) {
        return badge(stateInfo(vm));
    }

    /** How a VM's state is shown, from the given active providers (a view's snapshot of them). */
    public static VmStateInfo stateInfo(java.util.Map<String, ActiveProvider> providers, Vm vm) {
        ActiveProvider provider = providers.get(vm.ref().provider());
        return provider != null ? provider.stateInfo(vm.state()) : VmStates.info(VmStates.builtIn(), vm.state());
    }

    /** A Lumo badge with the state's icon and label. */
    public static Component badge(VmStateInfo info) {
        Span badge = new Span();
        if (info.icon() != null && !info.icon().isBlank()) {
            Icon icon = new Icon("vaadin", info.icon());
            icon.addClassName("vm-state-icon");
            badge.add(icon);
        }
        badge.add(new Span(info.label()));
        badge.getElement().getThemeList().add(badgeTheme(info));
        String color = customColor(info);
        if (color != null) {
            badge.getStyle().set("color", color);
        }
        badge.addClassName("vm-state");
        return badge;
    }

    /** The badge's theme: Lumo's own colour for its roles. */
    public static String badgeTheme(VmStateInfo info) {
        return LUMO_ROLES.contains(info.color()) ? "badge " + info.color() : "badge";
    }

    /**
     * A provider's own CSS colour for the state, or null for a Lumo role or for anything that is not
     * plainly a colour: the value may end up in a style attribute, where "red; background: url(…)"
     * would be more than a colour.
     */
    public static String customColor(VmStateInfo info) {
        String color = info.color();
        return LUMO_ROLES.contains(color) || !CSS_COLOR.matcher(color).matches() ? null : color;
    }

    @Override
    public Component usageBar(double fraction, String label) {
        ProgressBar bar = new ProgressBar(0, 1, Math.max(0, Math.min(1, fraction)));
        bar.setWidth("6em");
        Span text = new Span(label);
        text.addClassName("usage-label");
        HorizontalLayout layout = new HorizontalLayout(bar, text);
        layout.setAlignItems(HorizontalLayout.Alignment.CENTER);
        layout.setSpacing(true);
        return layout;
    }

    @Override
    public void confirm(String title, String message, String confirmLabel, Runnable onConfirm) {
        confirmDialog(title, message, confirmLabel, false, onConfirm).open();
    }

    @Override
    public void confirm(ProviderAction action, String message, Runnable onConfirm) {
        confirmDialog(action.label(), message, action.label(), action.destructive(), onConfirm).open();
    }

    /**
     * A confirmation; its confirm button is painted as a danger only for what loses data or the guest's
     * state. Header and message are set as text.
     */
    public static ConfirmDialog confirmDialog(String title, String message, String confirmLabel, boolean destructive,
            Runnable onConfirm) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader(title);
        dialog.setText(message);
        dialog.setCancelable(true);
        dialog.setConfirmText(confirmLabel);
        dialog.setConfirmButtonTheme(destructive ? "error primary" : "primary");
        dialog.addConfirmListener(e -> onConfirm.run());
        return dialog;
    }

    @Override
    public void notify(String message, boolean error) {
        toast(message, error);
    }

    /** A notification at the bottom corner; failures stay longer and are styled as errors. Text only. */
    public static Notification toast(String message, boolean error) {
        Notification notification = Notification.show(message, error ? 8000 : 3000, Notification.Position.BOTTOM_END);
        if (error) {
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        return notification;
    }
}
