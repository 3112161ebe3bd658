/**
 * A host's storage, for the {@link dev.hangar.plugins.capability.StoragePools} capability: pools
 * ({@link dev.hangar.plugins.storage.StoragePool}), their volumes
 * ({@link dev.hangar.plugins.storage.StorageVolume}) and what defines new ones
 * ({@link dev.hangar.plugins.storage.PoolSpec}, {@link dev.hangar.plugins.storage.VolumeSpec}).
 * Values only; no engine in here.
 */
package dev.hangar.plugins.storage;
