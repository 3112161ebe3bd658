/**
 * Changing a VM, for the {@link dev.hangar.plugins.capability.VmConfiguration} capability: what can be
 * changed ({@link dev.hangar.plugins.configure.Setting}), the VM's settings as of its next boot
 * ({@link dev.hangar.plugins.configure.VmSettings}), the changes themselves
 * ({@link dev.hangar.plugins.configure.VmChange}, a sealed family) and how one was applied
 * ({@link dev.hangar.plugins.configure.Applied}). Values only.
 */
package dev.hangar.plugins.configure;
