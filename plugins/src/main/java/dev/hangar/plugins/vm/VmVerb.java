package dev.hangar.plugins.vm;

/** The actions a person can take on a VM, with the words the UI uses for them. */
public enum VmVerb {
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

    /** The button or menu text. */
    public String label() {
        return label;
    }

    /** What a row says while the action runs. */
    public String progress() {
        return progress;
    }
}
