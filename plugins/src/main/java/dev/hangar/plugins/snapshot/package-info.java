/**
 * A VM's snapshots, for the {@link dev.hangar.plugins.capability.VmSnapshots} capability: one
 * snapshot ({@link dev.hangar.plugins.snapshot.Snapshot}), a VM's tree of them with what it supports
 * ({@link dev.hangar.plugins.snapshot.SnapshotList}) and a new one's choices
 * ({@link dev.hangar.plugins.snapshot.SnapshotSpec}). Values only; no engine in here.
 */
package dev.hangar.plugins.snapshot;
