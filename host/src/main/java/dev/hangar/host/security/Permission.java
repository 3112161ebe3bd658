package dev.hangar.host.security;

import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.vm.VmVerb;

/** What a signed-in user may do; a {@link Role} is a set of these. */
public enum Permission {
    /** See VMs, their details and the plugins. */
    VIEW,
    /** Run, shut down, force off, reboot, send NMI, pause, resume. */
    LIFECYCLE,
    /** Open a VM's console: full control of the guest, so operators and administrators only. */
    CONSOLE,
    /** Create VMs and clone them: it uses the host's storage and memory, so operators and administrators. */
    CREATE,
    /** Change a VM's settings, disks, NICs and name; detaching a disk together with its volume needs {@link #DELETE} too. */
    CONFIGURE,
    /** Take a VM's snapshots and revert to them: operators and administrators; deleting one needs {@link #DELETE}. */
    SNAPSHOT,
    /** Define, start, stop and delete storage pools; create, resize, upload, download and delete volumes. */
    MANAGE_STORAGE,
    /** Define, start, stop and delete virtual networks and their static DHCP hosts. */
    MANAGE_NETWORKS,
    /** Delete a VM (and, with it, storage). */
    DELETE,
    /** Rescan, load, unload and reload plugins. */
    MANAGE_PLUGINS,
    /** Read the audit log. */
    READ_AUDIT,
    /** See who is signed in and end their sessions. */
    MANAGE_SESSIONS,
    /** Open the State inspector: every action and every branch's state, plugins' included. */
    INSPECT_STATE;

    /** The permission a VM verb needs. */
    public static Permission forVerb(VmVerb verb) {
        return verb == VmVerb.DELETE ? DELETE : LIFECYCLE;
    }

    /**
     * The permission a change of a VM needs: {@link #CONFIGURE}, or {@link #DELETE} for one that deletes
     * data (only administrators have it, and they have {@code CONFIGURE} too).
     */
    public static Permission forChange(VmChange change) {
        return change.destructive() ? DELETE : CONFIGURE;
    }
}
