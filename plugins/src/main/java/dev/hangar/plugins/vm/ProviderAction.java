package dev.hangar.plugins.vm;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An action of a provider's own on one VM, beside the seed's verbs ("Snapshot all disks"). Declare
 * it once as a constant and run it from a tab, disk column or disk action through
 * {@code VmContext.run}: the host checks the signed-in user's role on the server, marks the VM busy
 * while it runs, records its failure on the VM and audits it, as for its own verbs.
 * Make one with {@link #of} and the {@code with…} methods.
 *
 * @param id          lower-case letters, digits and dashes, starting with a letter, at most 40; what the
 *                    audit log records. Unique among the provider's actions, and none of the seed's
 *                    verbs' ids ({@code delete}, {@code force_off}, …) so the audit cannot confuse them.
 * @param label       the button text and the name people read in messages ("Snapshot all disks")
 * @param progress    what the VM shows while it runs ("Taking snapshots")
 * @param role        who may run it
 * @param destructive whether it loses data or the guest's state: only then does the host's confirmation
 *                    paint its button as a danger
 * @param when        on which VMs it can run; pure and fast (it runs on UI threads, and on the server
 *                    again before the action runs); the host takes one that throws as "not now"
 */
public record ProviderAction(String id, String label, String progress, Role role, boolean destructive,
                             Predicate<Vm> when) implements VmOperation {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /** Who may run a provider's action; viewers never may. */
    public enum Role {
        /** Operators and administrators: what operators do to VMs (start, shut down, force off). */
        OPERATOR,
        /** Administrators only: what only they do to VMs (delete, with its storage). */
        ADMINISTRATOR
    }

    public ProviderAction {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("action id '" + id
                    + "' must be lower-case letters, digits and dashes, starting with a letter, at most 40");
        }
        for (VmVerb verb : VmVerb.values()) {
            if (verb.id().equals(id)) {
                throw new IllegalArgumentException("action id '" + id + "' is the id of the host's verb " + verb.label());
            }
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("action '" + id + "' needs a label");
        }
        progress = progress == null || progress.isBlank() ? label : progress;
        role = role == null ? Role.OPERATOR : role;
        when = when == null ? vm -> true : when;
    }

    /** An action operators may run on every VM, not destructive. */
    public static ProviderAction of(String id, String label) {
        return new ProviderAction(id, label, label, Role.OPERATOR, false, null);
    }

    public ProviderAction withProgress(String text) {
        return new ProviderAction(id, label, text, role, destructive, when);
    }

    public ProviderAction withRole(Role who) {
        return new ProviderAction(id, label, progress, who, destructive, when);
    }

    /** This action, asking for confirmation with a danger button: it loses data or the guest's state. */
    public ProviderAction asDestructive() {
        return new ProviderAction(id, label, progress, role, true, when);
    }

    /** This action, offered and run only on VMs that pass {@code available}. */
    public ProviderAction when(Predicate<Vm> available) {
        return new ProviderAction(id, label, progress, role, destructive, available);
    }

    /** Whether the action can run on this VM as it is. */
    public boolean availableOn(Vm vm) {
        return when.test(vm);
    }
}
