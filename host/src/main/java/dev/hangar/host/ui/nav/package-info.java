/**
 * Where the console's pages are ({@link dev.hangar.host.ui.nav.Paths}, a VM's
 * {@link dev.hangar.host.ui.nav.VmAddress}): what the frame, the VM list and a VM's page share, so that
 * none of them needs another's class.
 */
package dev.hangar.host.ui.nav;
