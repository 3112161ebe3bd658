package dev.hangar.plugins.vm;

/**
 * The last failure of an action on a VM, kept until its next successful action.
 *
 * @param operation the verb or provider action that failed, or null when unknown
 */
public record VmError(VmOperation operation, String message, long at) {
}
