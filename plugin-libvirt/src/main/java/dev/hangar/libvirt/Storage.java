package dev.hangar.libvirt;

import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmWarning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Storage volumes behind disks, and deleting a VM with exactly the volumes that were chosen. libvirt
 * has no call that undefines a domain together with its storage ({@code virsh --remove-all-storage}
 * does it on the client side), so the order is ours: force off, collect the chosen disks' sources,
 * undefine, then delete each volume, reporting by name any that could not go (as a warning: the VM
 * is deleted by then).
 */
final class Storage {
    private static final int UNDEFINE_MANAGED_SAVE = 1;
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 2;
    private static final int UNDEFINE_NVRAM = 4;

    private Storage() {
    }

    /** The volume behind a disk source ({@code file}/{@code block} path, or {@code pool/volume}); the caller frees it. */
    static StorageVol volume(Connect connect, String sourceType, String source) throws LibvirtException {
        if (!"volume".equals(sourceType)) {
            return connect.storageVolLookupByPath(source);
        }
        int slash = source.indexOf('/');
        StoragePool pool = connect.storagePoolLookupByName(source.substring(0, slash));
        try {
            return pool.storageVolLookupByName(source.substring(slash + 1));
        } finally {
            Handles.free(pool);
        }
    }

    /**
     * Deletes the VM as {@code options} say. Once the VM is gone, a chosen volume that could not go (or
     * was gone already) does not make the delete a failure: it is named in a {@link VmWarning}.
     */
    static void delete(LibvirtConnection c, VmRef ref, DeleteOptions options) throws LibvirtException {
        List<String> undeleted = c.withDomain(ref, domain -> deleteDomain(c, domain, ref, options));
        if (!undeleted.isEmpty()) {
            throw new VmWarning("VM '" + ref.name() + "' was deleted, but not all of its chosen storage: "
                    + String.join("; ", undeleted));
        }
    }

    private static List<String> deleteDomain(LibvirtConnection c, Domain domain, VmRef ref, DeleteOptions options)
            throws LibvirtException {
        boolean active = domain.isActive() == 1;
        boolean persistent = domain.isPersistent() == 1;
        DomainXml.Definition before = definition(domain, ref);
        Set<String> chosen = new LinkedHashSet<>(options.storageTargets());
        List<String> unknown = new ArrayList<>();
        for (String target : chosen) {
            if (disk(before, target) == null) {
                unknown.add(target);
            }
        }
        if (!unknown.isEmpty()) {
            throw new RefusedException("VM '" + ref.name() + "' has no disk " + String.join(", ", unknown)
                    + "; nothing was deleted.");
        }
        if (active && !options.destroy()) {
            throw new RefusedException("VM '" + ref.name() + "' is running; it was not deleted. Force it off first, or choose to "
                    + "force it off while deleting.");
        }
        if (active) {
            NativeLibvirt.destroy(domain);
        }
        // A transient VM is gone once it is off: its definition from before is all there is.
        DomainXml.Definition after = persistent ? definition(domain, ref) : before;
        List<VmDisk> doomed = new ArrayList<>();
        for (String target : chosen) {
            VmDisk disk = disk(after, target);
            if (disk != null && disk.source() != null) {
                doomed.add(disk);
            }
        }
        if (persistent) {
            domain.undefine(UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA
                    | (after.hasNvram() ? UNDEFINE_NVRAM : 0));
        }
        List<String> undeleted = new ArrayList<>();
        for (VmDisk disk : doomed) {
            String problem = deleteVolume(c, disk);
            if (problem != null) {
                undeleted.add(problem);
            }
        }
        return undeleted;
    }

    /** Deletes the disk's volume; returns what went wrong, naming the volume, or null. */
    private static String deleteVolume(LibvirtConnection c, VmDisk disk) {
        if (!"file".equals(disk.sourceType()) && !"block".equals(disk.sourceType())
                && !"volume".equals(disk.sourceType())) {
            return "disk " + disk.target() + " (" + disk.source() + ") is not a storage volume";
        }
        try {
            c.withConnect(connect -> {
                StorageVol volume = volume(connect, disk.sourceType(), disk.source());
                try {
                    volume.delete(0);
                } finally {
                    Handles.free(volume);
                }
                return null;
            });
            return null;
        } catch (LibvirtException e) {
            ErrorNumber code = LibvirtErrors.code(e);
            if (code == ErrorNumber.VIR_ERR_NO_STORAGE_VOL || code == ErrorNumber.VIR_ERR_NO_STORAGE_POOL) {
                // libvirt cannot tell a volume deleted behind our back from a file that never was one.
                return "disk " + disk.target() + ": there is no storage volume " + disk.source()
                        + " (it was deleted already, or it is not in any storage pool)";
            }
            return "volume " + disk.source() + " of disk " + disk.target() + " could not be deleted: "
                    + LibvirtErrors.detail(e);
        } catch (RuntimeException e) {
            return "volume " + disk.source() + " of disk " + disk.target() + " could not be deleted: " + e.getMessage();
        }
    }

    private static DomainXml.Definition definition(Domain domain, VmRef ref) throws LibvirtException {
        try {
            return DomainXml.parse(domain.getXMLDesc(0));
        } catch (XMLStreamException e) {
            throw new RefusedException("The definition of VM '" + ref.name() + "' cannot be read, so its disks are unknown; "
                    + "nothing was deleted: " + e.getMessage());
        }
    }

    private static VmDisk disk(DomainXml.Definition definition, String target) {
        for (VmDisk disk : definition.disks()) {
            if (target.equals(disk.target())) {
                return disk;
            }
        }
        return null;
    }

    /**
     * Hangar refuses a deletion before any change was made. Unchecked, so that it passes through the
     * libvirt call wrapper unchanged and reaches the user in its own words.
     */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
