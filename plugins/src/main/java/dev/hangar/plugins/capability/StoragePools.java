package dev.hangar.plugins.capability;

import dev.hangar.plugins.storage.PoolSpec;
import dev.hangar.plugins.storage.StoragePool;
import dev.hangar.plugins.storage.StorageVolume;
import dev.hangar.plugins.storage.VolumeSpec;
import dev.hangar.plugins.task.TaskBody;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * A connection's storage pools and their volumes. The host's Storage page lists the pools of every
 * connection of every provider with this capability; viewers see them, only administrators change
 * them (the host checks and audits every call). Every method but {@link #upload}'s body,
 * {@link #download} and {@link #watch}'s callback is a capability call (a host thread, the plugin
 * call timeout) that fails with a message for people ("Pool 'iso' holds 3 volumes").
 *
 * <p>Nothing here deletes storage that was not named: {@link #deletePool} with {@code withVolumes}
 * false refuses a pool that holds volumes; {@link #deleteVolume} refuses a volume a VM uses unless
 * the host passes {@code inUse} true after the person confirmed it, naming the VMs.
 */
public interface StoragePools extends Capability {

    /** Every pool of {@code connection}, active or not. */
    List<StoragePool> pools(String connection) throws Exception;

    /** The volumes of an active pool, each with the VMs that use it. */
    List<StorageVolume> volumes(String connection, String pool) throws Exception;

    /** The pool types {@link #definePool} accepts on {@code connection} ({@code PoolSpec.Source#type()}). */
    Set<String> poolTypes(String connection) throws Exception;

    void definePool(PoolSpec spec) throws Exception;

    void startPool(String connection, String pool) throws Exception;

    void stopPool(String connection, String pool) throws Exception;

    void setPoolAutostart(String connection, String pool, boolean autostart) throws Exception;

    /** Rescans the pool for volumes made behind the engine's back. */
    void refreshPool(String connection, String pool) throws Exception;

    /** Forgets the pool's definition; its data stays. */
    void undefinePool(String connection, String pool) throws Exception;

    /** Deletes the pool's storage (its directory, volume group…) and its definition. */
    void deletePool(String connection, String pool, boolean withVolumes) throws Exception;

    void createVolume(String connection, String pool, VolumeSpec spec) throws Exception;

    /** Grows (or, where the engine allows it, shrinks) a volume to {@code capacityBytes}. */
    void resizeVolume(String connection, String pool, String volume, long capacityBytes) throws Exception;

    void deleteVolume(String connection, String pool, String volume, boolean inUse) throws Exception;

    /**
     * The work of uploading {@code bytes} bytes from {@code data} into a new volume {@code spec}, as a
     * task: it streams (never a whole copy in memory or on disk), reports progress, and when the data
     * ends early, fails or is cancelled, removes the volume it made and fails with what happened.
     */
    TaskBody upload(String connection, String pool, VolumeSpec spec, long bytes, InputStream data);

    /** Writes the volume's content to {@code out} (a download; not bounded by the call timeout). */
    void download(String connection, String pool, String volume, OutputStream out) throws Exception;

    /**
     * Calls {@code changed} (on any thread) whenever a pool or volume of {@code connection} is
     * defined, started, stopped, refreshed, undefined or deleted, until the returned handle is closed:
     * the page reads again. The host calls it once per connection shown.
     */
    AutoCloseable watch(String connection, Runnable changed) throws Exception;
}
