package dev.hangar.host.security;

import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.security.audit.AuditLog;
import dev.hangar.plugins.vm.VmWarning;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server-side check and the audit of every action on a VM or a plugin. Callers ({@code VmCommands},
 * the plugin service) pass who asks and what they are about to do; the gatekeeper refuses it unless
 * that actor's role grants the permission, and appends the refusal or the action's result to the audit
 * log. It reads no session: a browser's view, a command line or a background job passes its actor.
 */
public final class Gatekeeper {
    private static final Logger LOG = System.getLogger(Gatekeeper.class.getName());

    private final AuditLog audit;
    private final Clock clock;
    private final Function<Throwable, String> describe;

    /**
     * @param describe turns an action's failure into the message that is audited
     */
    public Gatekeeper(AuditLog audit, Clock clock, Function<Throwable, String> describe) {
        this.audit = audit;
        this.clock = clock;
        this.describe = describe;
    }

    /**
     * Runs {@code action} for {@code actor} if their role grants {@code needed}, otherwise returns a
     * stage failed with {@link AccessDeniedException} without running it. Either way one audit entry
     * is written: refused at once, or ok / failed when the action's stage completes.
     *
     * @param actor  who asks, audited with the address they asked from; null for an anonymous session (refused)
     * @param target what is acted on, e.g. {@code vm:provider/connection/name} or {@code plugin:id}
     * @param verb   what is done, e.g. {@code delete}
     * @param options the action's options as the audit should show them (e.g. the volumes to delete)
     */
    public <T> CompletionStage<T> perform(Actor actor, Permission needed, String target, String verb,
            Map<String, Object> options, Supplier<CompletionStage<T>> action) {
        return perform(actor, needed, target, verb, verb + " " + target, options, action);
    }

    /**
     * {@link #perform(Actor, Permission, String, String, Map, Supplier)} whose refusal says what was refused in
     * people's words ("Viewer 'vera' may not force off VM 'web1'"); the audit entry keeps {@code verb}.
     *
     * @param what the action and its target as a sentence's predicate: {@code force off VM 'web1'}
     */
    public <T> CompletionStage<T> perform(Actor actor, Permission needed, String target, String verb, String what,
            Map<String, Object> options, Supplier<CompletionStage<T>> action) {
        String address = actor == null ? null : actor.address();
        if (actor == null || !actor.may(needed)) {
            String who = actor == null ? "An anonymous user" : capitalized(actor.role().id()) + " '" + actor.name() + "'";
            String message = who + " may not " + what;
            record(actor, address, target, verb, options, AuditEntry.REFUSED, message);
            LOG.log(Level.WARNING, "refused: " + message + " (from " + address + ")");
            return CompletableFuture.failedFuture(new AccessDeniedException(message));
        }
        CompletionStage<T> stage;
        try {
            stage = action.get();
        } catch (Throwable e) {
            // Whatever the action threw (a plugin's Error too) is audited, then goes on unchanged.
            record(actor, address, target, verb, options, AuditEntry.FAILED, describe.apply(e));
            throw e;
        }
        // An action done with a warning is ok, with the warning as its message.
        return stage.whenComplete((result, error) -> record(actor, address, target, verb, options,
                error == null || VmWarning.of(error) != null ? AuditEntry.OK : AuditEntry.FAILED,
                error == null ? null : describe.apply(error)));
    }

    private void record(Actor actor, String address, String target, String verb, Map<String, Object> options,
            String result, String message) {
        audit.append(new AuditEntry(clock.instant(), actor == null ? null : actor.name(),
                actor == null ? null : actor.role().id(), address, target, verb, options, result, message));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
