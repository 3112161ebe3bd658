package dev.hangar.plugins.create;

import java.util.List;

/**
 * A storage pool as the create dialog offers it: where a new volume can go ({@code availableBytes}
 * free) and which volumes it holds. An inactive pool is listed (so people see why it is not offered)
 * with no volumes.
 */
public record Pool(String name, String type, long capacityBytes, long availableBytes, boolean active, List<Volume> volumes) {
    public Pool {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }
}
