package dev.hangar.plugins.vm;

import java.util.Objects;

/**
 * Who a VM is: the provider that owns it, the connection it lives on (a libvirt URI, an engine
 * address), its name, and the provider's stable id for it (libvirt: the UUID). Every action on a VM
 * carries its ref; two refs are the same VM when all four parts are equal.
 */
public record VmRef(String provider, String connection, String name, String id) {
    public VmRef {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
    }

    /** Whether this VM lives on the given provider's connection. */
    public boolean on(String provider, String connection) {
        return this.provider.equals(provider) && this.connection.equals(connection);
    }

    @Override
    public String toString() {
        return provider + ":" + connection + "/" + name;
    }
}
