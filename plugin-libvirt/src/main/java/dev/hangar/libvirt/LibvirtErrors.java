package dev.hangar.libvirt;

import dev.hangar.plugins.vm.VmVerb;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** How a failure of each kind begins, before "<verb> VM 'x': <libvirt's words>". */
    private static final Map<ErrorNumber, String> LEADS = new EnumMap<>(ErrorNumber.class);

    static {
        for (ErrorNumber code : List.of(ErrorNumber.VIR_ERR_OPERATION_DENIED, ErrorNumber.VIR_ERR_ACCESS_DENIED,
                ErrorNumber.VIR_ERR_AUTH_FAILED)) {
            LEADS.put(code, "Not allowed to ");
        }
        for (ErrorNumber code : List.of(ErrorNumber.VIR_ERR_NO_SUPPORT, ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED,
                ErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED)) {
            LEADS.put(code, "This hypervisor cannot ");
        }
        LEADS.put(ErrorNumber.VIR_ERR_OPERATION_TIMEOUT, "No answer in time when trying to ");
        LEADS.put(ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE, "No answer in time when trying to ");
        for (ErrorNumber code : List.of(ErrorNumber.VIR_ERR_NO_CONNECT, ErrorNumber.VIR_ERR_INVALID_CONN,
                ErrorNumber.VIR_ERR_RPC)) {
            LEADS.put(code, "The connection to libvirt was lost while trying to ");
        }
    }

    /** What went wrong when {@code verb} was tried on VM {@code vm}. */
    static String describe(LibvirtException e, VmVerb verb, String vm) {
        String detail = detail(e);
        ErrorNumber code = code(e);
        if (code == ErrorNumber.VIR_ERR_NO_DOMAIN) {
            return "VM '" + vm + "' no longer exists.";
        }
        if (code == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
            return "A volume of VM '" + vm + "' no longer exists: " + detail;
        }
        // Some drivers (the test driver) report a state conflict as an internal error.
        if (code == ErrorNumber.VIR_ERR_OPERATION_INVALID || code == ErrorNumber.VIR_ERR_INTERNAL_ERROR
                && (detail.contains("already running") || detail.contains("not running")
                || detail.contains("not paused"))) {
            return invalidState(verb, vm, detail);
        }
        return LEADS.getOrDefault(code, "Could not ") + act(verb, vm) + ": " + detail;
    }

    /** libvirt's refusal of a second client on a character device that one holds already. */
    static boolean consoleBusy(LibvirtException e) {
        return detail(e).contains("Active console session exists");
    }

    /** What went wrong when {@code act} ("open the console 'x' of VM 'y'") was tried on VM {@code vm}. */
    static String describeConsole(LibvirtException e, String vm, String act) {
        ErrorNumber code = code(e);
        String detail = detail(e);
        if (code == ErrorNumber.VIR_ERR_NO_DOMAIN) {
            return "VM '" + vm + "' no longer exists.";
        }
        if (code == ErrorNumber.VIR_ERR_OPERATION_INVALID && detail.contains("not running")) {
            return "VM '" + vm + "' is not running: start it to use its console.";
        }
        return LEADS.getOrDefault(code, "Could not ") + act + ": " + detail;
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
