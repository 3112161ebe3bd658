package dev.hangar.example.history;

/**
 * One entry of a machine's operations history: something the engine did or was asked to do.
 *
 * @param vmId   the engine's id of the machine
 * @param text   what happened, in words
 * @param failed whether it was a request that failed
 * @param at     when, epoch milliseconds
 */
public record Operation(String vmId, String text, boolean failed, long at) {
}
