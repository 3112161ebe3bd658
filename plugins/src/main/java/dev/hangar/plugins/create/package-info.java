/**
 * What a new VM is made of, for the {@link dev.hangar.plugins.capability.VmCreation} capability: the
 * choices a connection offers ({@link dev.hangar.plugins.create.CreationChoices}), the person's
 * choices ({@link dev.hangar.plugins.create.VmSpec}) and a refusal that names the field at fault
 * ({@link dev.hangar.plugins.create.InvalidSpecException}). Values only; no engine in here.
 */
package dev.hangar.plugins.create;
