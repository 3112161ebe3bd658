/**
 * Long actions as tasks: a provider's action that takes minutes (create, clone, migrate, upload,
 * export) runs through {@code VmContext.runTask} as a task with progress, cancel and a result, which
 * operators follow in the host's task list and on the VM's page.
 */
package dev.hangar.plugins.task;
