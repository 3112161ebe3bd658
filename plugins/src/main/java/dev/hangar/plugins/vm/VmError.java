package dev.hangar.plugins.vm;

/** The last failure of an action on a VM, kept until its next successful action. */
public record VmError(VmVerb verb, String message, long at) {
}
