package dev.hangar.plugins.vm;

/**
 * What a person can run on a VM: one of the seed's {@link VmVerb}s or a provider's own
 * {@link ProviderAction}. The host's command path takes either, and its busy and failed markers on a
 * VM name the one that ran.
 */
public sealed interface VmOperation permits VmVerb, ProviderAction {

    /** The machine-readable name the audit log records: {@code force_off}, {@code snapshot-all}. */
    String id();

    /** The button or menu text, in people's words: "Force off", "Snapshot all disks". */
    String label();

    /** What the VM shows while it runs: "Forcing off", "Taking snapshots". */
    String progress();
}
