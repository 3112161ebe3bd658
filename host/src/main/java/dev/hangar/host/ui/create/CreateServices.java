package dev.hangar.host.ui.create;

import dev.hangar.host.create.Creation;
import dev.hangar.host.osinfo.OsDatabase;
import dev.hangar.host.security.Access;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.tasks.TaskCommands;
import java.util.function.Supplier;

/**
 * What the create dialog works with, passed in by the page that offers it.
 *
 * @param creation   the host's creation commands (targets, choices, name checks, the run)
 * @param osDatabase the operating systems it offers and their proposals
 * @param tasks      the task list the run's progress is read from, and its cancel
 * @param vms        the store's VMs now, for a suggested name that is free
 * @param access     the session's user, passed with every command
 */
public record CreateServices(Creation creation, OsDatabase osDatabase, TaskCommands tasks, Supplier<VmsState> vms,
                             Access access) {
}
