package dev.hangar.plugins.storage;

import java.util.Objects;

/**
 * One storage pool of a connection.
 *
 * @param connection     the connection it belongs to (as in {@code VmRef.connection()})
 * @param name           its name, unique on the connection
 * @param type           the engine's type ("dir", "netfs", "logical", "iscsi", "disk", …)
 * @param active         whether it is started (an inactive pool lists no volumes)
 * @param autostart      whether it starts with the host
 * @param persistent     whether it is defined (false: transient, gone when stopped)
 * @param target         where its volumes live on the host (a directory, a volume group's path), or null
 * @param capacityBytes  its size; 0 while inactive
 * @param allocationBytes what its volumes take; 0 while inactive
 * @param availableBytes what is free; 0 while inactive
 * @param volumes        how many volumes it holds (0 while inactive)
 */
public record StoragePool(String connection, String name, String type, boolean active, boolean autostart,
                          boolean persistent, String target, long capacityBytes, long allocationBytes,
                          long availableBytes, int volumes) {
    public StoragePool {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
