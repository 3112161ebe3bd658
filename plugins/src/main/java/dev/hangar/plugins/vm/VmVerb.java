package dev.hangar.plugins.vm;

import java.util.Locale;

/** The actions a person can take on a VM, with the words the UI uses for them. */
public enum VmVerb implements VmOperation {
    START("Run", "Starting"),
    SHUTDOWN("Shut down", "Shutting down"),
    FORCE_OFF("Force off", "Forcing off"),
    REBOOT("Reboot", "Rebooting"),
    FORCE_REBOOT("Force reboot", "Forcing reboot"),
    SEND_NMI("Send non-maskable interrupt", "Sending NMI"),
    PAUSE("Pause", "Pausing"),
    RESUME("Resume", "Resuming"),
    DELETE("Delete", "Deleting");

    private final String label;
    private final String progress;

    VmVerb(String label, String progress) {
        this.label = label;
        this.progress = progress;
    }

    /** The name in lower case, as the audit log records it: {@code force_off}. */
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The button or menu text. */
    @Override
    public String label() {
        return label;
    }

    /** The verb on a VM in people's words, for messages: "force off VM 'web1'". */
    public String on(String vmName) {
        String vm = "VM '" + vmName + "'";
        return this == SEND_NMI ? "send a non-maskable interrupt to " + vm : label.toLowerCase(Locale.ROOT) + " " + vm;
    }

    /** What a row says while the action runs. */
    @Override
    public String progress() {
        return progress;
    }
}
