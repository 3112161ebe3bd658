/**
 * The console: Vaadin views that render only from the store and act only through
 * {@link dev.hangar.host.providers.VmCommands}. One package per UI concern, as Cockpit Machines lays
 * out its UI: {@code vmlist}, {@code vmdetails}, {@code usage}, {@code disks}, {@code nics},
 * {@code dialogs}, {@code actions}, {@code pluginspage}, {@code login}, {@code sessions}, {@code audit},
 * and {@code components} for what they share; {@code nav} holds the pages' addresses, {@code wiring}
 * how pages are made. This package is the frame (layout, not-found page).
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Wiring.</b> A page gets the application and its session's access in its constructor
 * ({@link dev.hangar.host.ui.wiring.Views}); it passes the session's current actor with every command.
 * There is no static lookup of either, so a test makes a page with the Hangar it started.</li>
 * <li><b>No cycles.</b> Pages link to each other by path ({@link dev.hangar.host.ui.nav.Paths}), not by
 * class, so that no two packages need each other (checked by {@code PackageCyclesTest}).</li>
 * <li><b>Live updates.</b> Each view subscribes to the store when it attaches and disposes when it
 * detaches ({@link dev.hangar.host.ui.components.Live}); bursts are coalesced for
 * {@link dev.hangar.host.ui.components.Live#COALESCE_MS} ms with {@code throttleLatest}, so a storm
 * of events sends a browser at most one update per window and always the last state.</li>
 * <li><b>Many VMs.</b> The list's grid items are {@code VmRef}s, a stable list that the grid sends a
 * page at a time; cells read the VM from the latest state. A change to a few VMs refreshes only their
 * rows; the whole list is refreshed when VMs come or go, connections or providers change, or the
 * sort or state filter depends on values that changed.</li>
 * <li><b>Addresses.</b> A VM's page is {@code /vm/<provider>/<connection>/<name>}; the connection
 * travels as unpadded base64url, the provider and name as they are when plain, else base64url after
 * a '~' ({@link dev.hangar.host.ui.nav.VmAddress}).</li>
 * <li><b>Contributions.</b> A VM's page shows the tabs, disk columns and disk actions of that VM's
 * own provider, and drops them when the provider leaves the registry (plugin unloaded). Every call
 * into them goes through {@code PluginService.guard}: a failure shows in its tab, cell or strip and
 * is listed on the Plugins page.</li>
 * <li><b>Asking first.</b> Force off, force reboot and delete ask before acting; delete lists the
 * disks with storage, none ticked, requires "force off first" for a running VM, and says what will be
 * destroyed.</li>
 * <li><b>Usage history.</b> The Usage tab keeps the samples that arrive while it is open (five
 * minutes) and draws them as inline SVG made from numbers only.</li>
 * <li><b>Text.</b> Text from VMs, plugins and users is always set as text or attributes, never HTML.</li>
 * </ul>
 */
package dev.hangar.host.ui;
