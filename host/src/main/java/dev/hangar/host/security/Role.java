package dev.hangar.host.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The three roles of the issue; each grants a fixed set of permissions. */
public enum Role {
    VIEWER(EnumSet.of(Permission.VIEW)),
    OPERATOR(EnumSet.of(Permission.VIEW, Permission.LIFECYCLE, Permission.CONSOLE,
            Permission.CREATE, Permission.CONFIGURE, Permission.SNAPSHOT)),
    ADMINISTRATOR(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    /** The lower-case name used in files, options and the UI. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a role by its {@link #id()}, case-insensitively. */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(text.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (expected administrator, operator or viewer)");
    }

    /** The role that grants more of the two. */
    public Role atLeast(Role other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
