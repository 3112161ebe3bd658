package dev.hangar.plugins.storage;

import java.util.Objects;

/**
 * A pool to define on a connection: its name, whether it starts with the host, and its source.
 * The host's form adapts to the source's type; the provider says which types it can define
 * ({@link dev.hangar.plugins.capability.StoragePools#poolTypes}).
 */
public record PoolSpec(String connection, String name, boolean autostart, Source source) {
    public PoolSpec {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** Where a pool's volumes come from, one record per pool type. */
    public sealed interface Source {
        /** The engine's name of the type ("dir", "netfs", …). */
        String type();
    }

    /** A directory of the host. */
    public record Dir(String path) implements Source {
        public String type() {
            return "dir";
        }
    }

    /** An NFS export mounted on {@code path}. */
    public record Netfs(String host, String exportPath, String path) implements Source {
        public String type() {
            return "netfs";
        }
    }

    /** An LVM volume group; {@code device} (may be null) is the physical volume to build it on. */
    public record Logical(String volumeGroup, String device) implements Source {
        public String type() {
            return "logical";
        }
    }

    /** An iSCSI target's LUNs, seen under {@code path} (usually /dev/disk/by-path). */
    public record Iscsi(String host, String iqn, String path) implements Source {
        public String type() {
            return "iscsi";
        }
    }

    /** A whole disk's partitions, seen under {@code path} (usually /dev). */
    public record Disk(String device, String path) implements Source {
        public String type() {
            return "disk";
        }
    }
}
