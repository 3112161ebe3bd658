package dev.hangar.host.security.audit;

import dev.hangar.host.secrets.Secrets;
import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit log: who did what to which target, from where, with which options, and how
 * it ended ({@code ok}, {@code failed} with the message, or {@code refused}).
 *
 * @param target what was acted on, e.g. {@code vm:libvirt/qemu:///system/web1} or {@code plugin:libvirt}
 */
public record AuditEntry(Instant time, String user, String role, String address, String target, String verb,
        Map<String, Object> options, String result, String message) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";

    public AuditEntry {
        // A provider action's secret options (a password for the new VM) are never written.
        options = options == null ? Map.of() : Map.copyOf(Secrets.masked(options));
    }
}
