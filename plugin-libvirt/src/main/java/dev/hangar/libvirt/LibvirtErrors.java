package dev.hangar.libvirt;

import dev.hangar.plugins.vm.VmVerb;
import java.util.Locale;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/** libvirt's error codes in words for people, as the UI shows them on the VM. */
final class LibvirtErrors {

    /** A failed action: a message for people, and libvirt's error code when libvirt said no. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final ErrorNumber code;

        Failure(String message, ErrorNumber code, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        /** libvirt's error code, or null when the failure is Hangar's own (a timeout). */
        ErrorNumber code() {
            return code;
        }
    }

    private LibvirtErrors() {
    }

    static Failure failure(LibvirtException e, VmVerb verb, String vm) {
        return new Failure(describe(e, verb, vm), code(e), e);
    }

    static ErrorNumber code(LibvirtException e) {
        return e.getError() == null ? ErrorNumber.VIR_ERR_UNKNOWN : e.getError().getCode();
    }

    /** Whether the failure means the connection itself is gone, rather than this call. */
    static boolean connectionLost(LibvirtException e) {
        ErrorNumber code = code(e);
        return code == ErrorNumber.VIR_ERR_NO_CONNECT || code == ErrorNumber.VIR_ERR_INVALID_CONN
                || code == ErrorNumber.VIR_ERR_RPC || (code == ErrorNumber.VIR_ERR_SYSTEM_ERROR
                && detail(e).contains("connection"));
    }

    /** What went wrong when {@code verb} was tried on VM {@code vm}. */
    static String describe(LibvirtException e, VmVerb verb, String vm) {
        String detail = detail(e);
        switch (code(e)) {
            case VIR_ERR_NO_DOMAIN:
                return "VM '" + vm + "' no longer exists.";
            case VIR_ERR_OPERATION_INVALID:
                return invalidState(verb, vm, detail);
            case VIR_ERR_INTERNAL_ERROR:
                // Some drivers (the test driver) report a state conflict as an internal error.
                return detail.contains("already running") || detail.contains("not running")
                        || detail.contains("not paused")
                        ? invalidState(verb, vm, detail) : "Could not " + act(verb, vm) + ": " + detail;
            case VIR_ERR_OPERATION_DENIED:
            case VIR_ERR_ACCESS_DENIED:
            case VIR_ERR_AUTH_FAILED:
                return "Not allowed to " + act(verb, vm) + ": " + detail;
            case VIR_ERR_NO_SUPPORT:
            case VIR_ERR_ARGUMENT_UNSUPPORTED:
            case VIR_ERR_OPERATION_UNSUPPORTED:
                return "This hypervisor cannot " + act(verb, vm) + ": " + detail;
            case VIR_ERR_OPERATION_TIMEOUT:
            case VIR_ERR_AGENT_UNRESPONSIVE:
                return "No answer in time when trying to " + act(verb, vm) + ": " + detail;
            case VIR_ERR_NO_CONNECT:
            case VIR_ERR_INVALID_CONN:
            case VIR_ERR_RPC:
                return "The connection to libvirt was lost while trying to " + act(verb, vm) + ": " + detail;
            case VIR_ERR_NO_STORAGE_VOL:
                return "A volume of VM '" + vm + "' no longer exists: " + detail;
            default:
                return "Could not " + act(verb, vm) + ": " + detail;
        }
    }

    private static String invalidState(VmVerb verb, String vm, String detail) {
        if (verb == VmVerb.START && detail.contains("already")) {
            return "VM '" + vm + "' is already running.";
        }
        if (verb == VmVerb.RESUME && detail.contains("not paused")) {
            return "VM '" + vm + "' is not paused.";
        }
        if (detail.contains("not running")) {
            return "VM '" + vm + "' is not running.";
        }
        return "Cannot " + act(verb, vm) + " in its current state: " + detail;
    }

    /** "force off VM 'web1'", "send a non-maskable interrupt to VM 'web1'". */
    private static String act(VmVerb verb, String vm) {
        if (verb == VmVerb.SEND_NMI) {
            return "send a non-maskable interrupt to VM '" + vm + "'";
        }
        return verb.label().toLowerCase(Locale.ROOT) + " VM '" + vm + "'";
    }

    static String detail(LibvirtException e) {
        String message = e.getError() == null ? null : e.getError().getMessage();
        return message == null ? String.valueOf(e.getMessage()) : message;
    }
}
