package dev.hangar.libvirt;

import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmVerb;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * The ACPI requests on one domain, which wait for the guest's reaction: a guest may ignore them
 * (no OS, no ACPI) and that must not look like success. The other verbs are single calls (see
 * {@link LibvirtProvider}); the store learns of every effect from libvirt's events.
 */
final class DomainActions {
    private static final int SHUTDOWN_ACPI_POWER_BUTTON = 1;
    private static final int REBOOT_ACPI_POWER_BUTTON = 1;
    private static final int SHUTOFF = 5;

    private final long acpiTimeoutSeconds;

    DomainActions(long acpiTimeoutSeconds) {
        this.acpiTimeoutSeconds = acpiTimeoutSeconds;
    }

    /** Presses the guest's ACPI power button; completes when the VM is off, fails when the guest ignores it. */
    CompletionStage<Void> shutdown(LibvirtConnection c, VmRef ref) throws LibvirtException {
        CompletableFuture<DomainEvents.Event> off = c.expect(ref.id(), Set.of(DomainEvents.Kind.STOPPED));
        try {
            c.withDomain(ref, domain -> {
                acpiShutdown(domain);
                return null;
            });
        } catch (LibvirtException e) {
            off.cancel(false);
            throw e;
        }
        return waitFor(off, () -> isOff(c, ref), ref, VmVerb.SHUTDOWN);
    }

    /** Asks the guest to reboot (ACPI); completes when it reboots, fails when the guest ignores it. */
    CompletionStage<Void> reboot(LibvirtConnection c, VmRef ref) throws LibvirtException {
        CompletableFuture<DomainEvents.Event> rebooted = c.expect(ref.id(),
                Set.of(DomainEvents.Kind.REBOOTED, DomainEvents.Kind.STARTED));
        try {
            c.withDomain(ref, domain -> {
                domain.reboot(REBOOT_ACPI_POWER_BUTTON);
                return null;
            });
        } catch (LibvirtException e) {
            rebooted.cancel(false);
            throw e;
        }
        return waitFor(rebooted, () -> false, ref, VmVerb.REBOOT);
    }

    /** What the state check says when the event was missed (e.g. the connection blinked meanwhile). */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws LibvirtException;
    }

    private CompletionStage<Void> waitFor(CompletableFuture<DomainEvents.Event> event, Check already, VmRef ref,
                                          VmVerb verb) {
        return event.orTimeout(acpiTimeoutSeconds, TimeUnit.SECONDS).handle((done, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!(cause instanceof TimeoutException)) {
                throw new CompletionException(cause);
            }
            try {
                if (already.holds()) {
                    return null;
                }
            } catch (LibvirtException e) {
                throw new CompletionException(LibvirtErrors.failure(e, verb, ref.name()));
            }
            boolean shutdown = verb == VmVerb.SHUTDOWN;
            throw new CompletionException(new LibvirtErrors.Failure("The guest did not react to the "
                    + (shutdown ? "shutdown" : "reboot") + " request within " + acpiTimeoutSeconds
                    + " s; it may have no OS or no ACPI support. Use " + (shutdown ? "Force off" : "Force reboot")
                    + ".", null, cause));
        });
    }

    private static boolean isOff(LibvirtConnection c, VmRef ref) throws LibvirtException {
        try {
            return c.withDomain(ref, domain -> NativeLibvirt.state(domain).state() == SHUTOFF);
        } catch (LibvirtException e) {
            // A transient VM that shut down is gone altogether: that is off too.
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return true;
            }
            throw e;
        }
    }

    /** ACPI power button; drivers that take no shutdown mode (the test driver) get their default. */
    private static void acpiShutdown(Domain domain) throws LibvirtException {
        try {
            NativeLibvirt.shutdown(domain, SHUTDOWN_ACPI_POWER_BUTTON);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) != ErrorNumber.VIR_ERR_INVALID_ARG) {
                throw e;
            }
            NativeLibvirt.shutdown(domain, 0);
        }
    }
}
