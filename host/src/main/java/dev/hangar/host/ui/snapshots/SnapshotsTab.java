package dev.hangar.host.ui.snapshots;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.host.snapshots.Snapshots;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A VM's snapshots, on its page's Snapshots subtab, for a provider that offers {@code VmSnapshots}: the
 * tree with the current one marked, and (as the role allows) Take, Revert and Delete, each confirmed
 * where it loses something. Read again whenever the VM changes in the store and after each action;
 * every call is asynchronous and lands through {@link UI#access}. All text from the provider is set as text.
 */
public final class SnapshotsTab extends Div {
    private final Snapshots snapshots;
    private final Access access;
    private final Div note = new Div();
    private final Div result = new Div();
    private final Div rows = new Div();
    private final Button take = new Button("Take snapshot…");
    private Vm vm;
    private boolean running;
    private SnapshotList shown;
    /** Counts reads: only the answer to the last one is shown. */
    private long reads;

    public SnapshotsTab(Snapshots snapshots, Access access) {
        this.snapshots = snapshots;
        this.access = access;
        addClassName("vm-snapshots");
        take.addClassName("vm-snapshot-take");
        take.addThemeVariants(ButtonVariant.LUMO_SMALL);
        take.addClickListener(e -> new TakeSnapshotDialog(vm.name(), shown, running,
                spec -> act(snapshots.take(access.actor().orElse(null), vm.ref(), spec))).open());
        note.addClassName("vm-snapshots-note");
        result.addClassName("vm-snapshot-result");
        result.getElement().setAttribute("aria-live", "polite");
        result.getStyle().set("overflow-wrap", "anywhere");
        result.setVisible(false);
        rows.addClassName("vm-snapshot-list");
        add(take, note, result, rows);
    }

    /** Whether the VM's provider has snapshots: the page shows the subtab only then. */
    public boolean offered(Vm vm) {
        return vm != null && snapshots.offered(vm.ref());
    }

    /**
     * Shows this VM's snapshots (read again when the VM changed).
     *
     * @param running whether the VM runs now, in its provider's words
     */
    public void show(Vm next, boolean running) {
        boolean same = vm != null && next != null && vm.ref().equals(next.ref());
        if (!same) {
            result.setVisible(false);
            shown = null;
            rows.removeAll();
        }
        boolean changed = !Objects.equals(next, vm);
        vm = next;
        this.running = running;
        if (next != null && changed && offered(next)) {
            read();
        }
    }

    private void read() {
        long read = ++reads;
        VmRef ref = vm.ref();
        UI ui = UI.getCurrent();
        snapshots.list(ref).whenComplete((list, failure) -> ui.access(() -> {
            if (read != reads) {
                return;
            }
            if (failure != null) {
                shown = null;
                rows.removeAll();
                take.setVisible(false);
                note.setText("The snapshots of " + ref.name() + " cannot be read: " + Guard.message(failure));
                note.setVisible(true);
                return;
            }
            shown = list;
            render();
        }));
    }

    private void render() {
        boolean mayTake = access.may(Permission.SNAPSHOT);
        take.setVisible(mayTake && shown.unsupported() == null);
        if (shown.unsupported() != null) {
            note.setText("This VM takes no snapshots: " + shown.unsupported());
        } else if (shown.snapshots().isEmpty()) {
            note.setText("This VM has no snapshots.");
        }
        note.setVisible(shown.unsupported() != null || shown.snapshots().isEmpty());
        rows.removeAll();
        Map<String, Integer> depth = new HashMap<>();
        for (Snapshot s : shown.snapshots()) {
            int level = s.parent() == null ? 0 : depth.getOrDefault(s.parent(), -1) + 1;
            depth.put(s.name(), level);
            rows.add(row(s, level));
        }
    }

    private Div row(Snapshot s, int level) {
        Span name = new Span(s.name());
        name.addClassName("vm-snapshot-name");
        name.getStyle().set("font-weight", "600");
        Div row = new Div(name);
        row.addClassName("vm-snapshot");
        row.getElement().setAttribute("data-snapshot", s.name());
        row.getStyle().set("padding", "var(--lumo-space-xs) 0").set("padding-inline-start", (level * 1.5) + "em")
                .set("border-bottom", "1px solid var(--lumo-contrast-10pct)");
        if (s.current()) {
            Span current = new Span("current");
            current.addClassName("vm-snapshot-current");
            current.getElement().getThemeList().add("badge success small");
            current.getStyle().set("margin-inline-start", "var(--lumo-space-s)");
            row.add(current);
        }
        Span facts = new Span(Formats.dateTime(s.createdAt()) + " · VM " + s.vmState()
                + (s.withMemory() ? " · with memory" : " · disks only"));
        facts.addClassName("vm-snapshot-facts");
        facts.getStyle().set("margin-inline-start", "var(--lumo-space-s)").set("color", "var(--lumo-secondary-text-color)");
        row.add(facts);
        if (!s.description().isEmpty()) {
            Div description = new Div();
            description.setText(s.description());
            description.addClassName("vm-snapshot-description");
            row.add(description);
        }
        if (access.may(Permission.SNAPSHOT)) {
            row.add(button("Revert…", "vm-snapshot-revert", "Revert " + vm.name() + " to snapshot " + s.name(),
                    () -> new RevertSnapshotDialog(vm.name(), s, shown.current(),
                            () -> act(snapshots.revert(access.actor().orElse(null), vm.ref(), s.name()))).open()));
        }
        if (access.may(Permission.DELETE)) {
            List<Snapshot> children = shown.snapshots().stream().filter(c -> s.name().equals(c.parent())).toList();
            row.add(button("Delete…", "vm-snapshot-delete", "Delete snapshot " + s.name() + " of " + vm.name(),
                    () -> new DeleteSnapshotDialog(vm.name(), s, descendants(s), !children.isEmpty(),
                            withChildren -> act(snapshots.delete(access.actor().orElse(null), vm.ref(), s.name(),
                                    withChildren))).open()));
        }
        return row;
    }

    /** How many snapshots were taken on top of {@code s}, at any depth. */
    private int descendants(Snapshot s) {
        int count = 0;
        for (Snapshot c : shown.snapshots()) {
            if (s.name().equals(c.parent())) {
                count += 1 + descendants(c);
            }
        }
        return count;
    }

    private static Button button(String label, String className, String aria, Runnable open) {
        Button button = new Button(label, e -> open.run());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        button.addClassName(className);
        button.setAriaLabel(aria);
        return button;
    }

    /** Shows how an action ended and reads the snapshots again. */
    private void act(CompletionStage<String> action) {
        UI ui = UI.getCurrent();
        VmRef ref = vm.ref();
        action.whenComplete((text, failure) -> ui.access(() -> {
            boolean failed = failure != null;
            result.setText(failed ? Guard.message(failure) : text);
            result.getElement().getClassList().set("vm-snapshot-result-failure", failed);
            result.getStyle().set("color", failed ? "var(--lumo-error-text-color)" : "var(--lumo-success-text-color)");
            result.setVisible(true);
            if (vm != null && vm.ref().equals(ref)) {
                read();
            }
        }));
    }

    /** For tests: the list as last read, or null. */
    SnapshotList shown() {
        return shown;
    }
}
