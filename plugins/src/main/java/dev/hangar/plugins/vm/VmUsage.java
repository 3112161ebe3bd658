package dev.hangar.plugins.vm;

/**
 * A VM's utilization at one sample.
 *
 * @param cpuPercent    CPU use since the previous sample, 100 per fully used vCPU's host core
 *                      divided by the vCPU count (0–100); negative when not yet known (first sample)
 * @param memoryUsedKiB memory in use in KiB (the guest's RSS or balloon), negative when unknown
 * @param sampledAt     when, in epoch milliseconds
 */
public record VmUsage(double cpuPercent, long memoryUsedKiB, long sampledAt) {
    public boolean cpuKnown() {
        return cpuPercent >= 0;
    }

    public boolean memoryKnown() {
        return memoryUsedKiB >= 0;
    }
}
