package dev.hangar.host.security;

/** A signed-in user, as the audit log names them: who, with which role, from which client address. */
public record Actor(String name, Role role, String address) {
    public boolean may(Permission permission) {
        return role.grants(permission);
    }
}
