package dev.hangar.plugins.configure;

/**
 * How a change was applied, for the page and the audit.
 *
 * @param live     it took effect on the running VM now
 * @param nextBoot it (also, or only) takes effect at the VM's next boot: the page says "applies at
 *                 next boot" and marks the VM as having pending changes until it restarts
 * @param before   the setting before, in words ("2 GiB, max 4 GiB"; "" for a new device)
 * @param after    the setting after, in words ("" for a removed device)
 */
public record Applied(boolean live, boolean nextBoot, String before, String after) {
    public Applied {
        before = before == null ? "" : before;
        after = after == null ? "" : after;
    }
}
