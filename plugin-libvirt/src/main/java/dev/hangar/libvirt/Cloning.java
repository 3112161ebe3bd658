package dev.hangar.libvirt;

import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.plugins.vm.VmRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.w3c.dom.Element;

/**
 * A full clone of a shut-off VM: each chosen disk copied byte for byte into a new volume
 * {@code <clone>-<target>.<ext>} of its chosen pool ({@link Volumes}, with progress and cancel), the
 * definition with the clone's name, no UUID (libvirt makes one), a new MAC for every NIC and the
 * copies' paths, writable disks not chosen left out, CD-ROMs and read-only disks kept. A failure or
 * cancel removes the copies made so far — the {@link Volumes} ledger deletes only its own — and
 * never touches the original.
 */
final class Cloning {
    private final Function<String, LibvirtConnection> connections;

    Cloning(Function<String, LibvirtConnection> connections) {
        this.connections = connections;
    }

    /** One disk to copy: its element in the clone's definition, its source, its size, the pool and name of the copy. */
    private record Copy(Element disk, String target, String source, long bytes, String pool, String name) {
    }

    TaskBody cloneVm(VmRef vm, CloneSpec spec) {
        return progress -> (dispatcher, state) -> {
            LibvirtConnection connection = connections.apply(vm.connection());
            Volumes ledger = new Volumes();
            Volumes.Cancel cancel = new Volumes.Cancel();
            progress.onCancel(cancel::cancel);
            try {
                VmRef clone = connection.withConnect(connect -> clone(connect, vm, spec, ledger, cancel, progress));
                connection.refresh(clone);
                return CompletableFuture.completedFuture("Cloned VM '" + vm.name() + "' to '" + spec.name() + "' ("
                        + ledger.made().size() + (ledger.made().size() == 1 ? " disk" : " disks") + " copied)");
            } catch (LibvirtException | RuntimeException e) {
                List<String> left = removeCopies(connection, ledger);
                if (e instanceof CancellationException || cancel.cancelled()) {
                    return CompletableFuture.failedFuture(new CancellationException("The clone of VM '" + vm.name()
                            + "' was cancelled; its copies were removed" + leftWords(left)));
                }
                String why = e instanceof LibvirtException le ? LibvirtErrors.detail(le)
                        : e instanceof UncheckedIOException io ? io.getCause().getMessage() : e.getMessage();
                return CompletableFuture.failedFuture(new IllegalStateException("Could not clone VM '" + vm.name()
                        + "' to '" + spec.name() + "': " + why + (ledger.made().isEmpty() && left.isEmpty() ? ""
                        : "; its copies were removed" + leftWords(left)), e));
            }
        };
    }

    private static List<String> removeCopies(LibvirtConnection connection, Volumes ledger) {
        try {
            return connection.withConnect(ledger::deleteAll);
        } catch (LibvirtException | RuntimeException e) {
            List<String> left = new ArrayList<>();
            for (Volumes.Made made : ledger.made()) {
                left.add(made.path());
            }
            return left;
        }
    }

    private static String leftWords(List<String> left) {
        return left.isEmpty() ? "." : ", except: " + String.join("; ", left) + ".";
    }

    private static VmRef clone(Connect connect, VmRef vm, CloneSpec spec, Volumes ledger, Volumes.Cancel cancel,
                               TaskProgress progress) throws LibvirtException {
        Domain original = connect.domainLookupByUUIDString(vm.id());
        DomainDoc doc;
        try {
            if (original.isActive() == 1) {
                throw LibvirtConfiguration.refused("VM '" + vm.name() + "' is running; clone it when it is shut off.");
            }
            doc = DomainDoc.parse(original.getXMLDesc(NativeConfig.XML_INACTIVE));
        } finally {
            Handles.free(original);
        }
        String problem = LibvirtConfiguration.nameProblem(spec.name());
        if (problem != null) {
            throw LibvirtConfiguration.refused(problem);
        }
        if (exists(connect, spec.name())) {
            throw LibvirtConfiguration.refused("A VM named '" + spec.name() + "' exists already on this host.");
        }
        List<Copy> copies = plan(connect, vm, spec, doc);
        long total = 0;
        for (Copy copy : copies) {
            total += copy.bytes();
        }
        long before = 0;
        for (Copy copy : copies) {
            long start = before;
            long all = Math.max(total, 1);
            String what = "Copying disk " + copy.target() + " to " + copy.pool() + "/" + copy.name();
            progress.report(start / (double) all, what);
            Volumes.Made made;
            try {
                made = ledger.copy(connect, copy.source(), copy.pool(), copy.name(), Volumes.localHost(vm.connection()),
                        (done, length) -> progress.report((start + done) / (double) all, null), cancel);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            before += copy.bytes();
            copy.disk().setAttribute("type", "file");
            DomainDoc.removeChildren(copy.disk(), "source");
            DomainDoc.removeChildren(copy.disk(), "backingStore");
            Element source = doc.document.createElementNS(null, "source");
            source.setAttribute("file", made.path());
            copy.disk().insertBefore(source, DomainDoc.child(copy.disk(), "target"));
        }
        if (cancel.cancelled()) {
            throw new CancellationException("cancelled");
        }
        progress.report(1, "Defining VM '" + spec.name() + "'");
        rewrite(connect, doc, spec.name());
        Domain defined = connect.domainDefineXML(doc.xml());
        try {
            return new VmRef(vm.provider(), vm.connection(), spec.name(), defined.getUUIDString());
        } finally {
            Handles.free(defined);
        }
    }

    /** What to copy; writable disks not chosen leave the clone's definition here. */
    private static List<Copy> plan(Connect connect, VmRef vm, CloneSpec spec, DomainDoc doc) throws LibvirtException {
        Map<String, String> pools = new LinkedHashMap<>();
        for (CloneSpec.CloneDisk disk : spec.disks()) {
            if (pools.put(disk.target(), disk.pool()) != null) {
                throw LibvirtConfiguration.refused("Disk " + disk.target() + " is chosen twice.");
            }
        }
        List<Copy> copies = new ArrayList<>();
        for (Element disk : doc.disks()) {
            String target = DomainDoc.attribute(DomainDoc.child(disk, "target"), "dev");
            String pool = pools.remove(target);
            boolean cdrom = "cdrom".equals(disk.getAttribute("device")) || "floppy".equals(disk.getAttribute("device"));
            boolean readOnly = DomainDoc.child(disk, "readonly") != null;
            if (pool == null) {
                if (!cdrom && !readOnly) {
                    // Never shared between two VMs (decided for issue 14).
                    doc.devices().removeChild(disk);
                }
                continue;
            }
            String source = DomainSettings.diskSource(disk);
            String type = disk.getAttribute("type");
            if (source == null || !Set.of("file", "block", "volume").contains(type)) {
                throw LibvirtConfiguration.refused("Disk " + target + " of VM '" + vm.name() + "' has no volume or file"
                        + " to copy.");
            }
            StorageVol vol = null;
            String path = source;
            long bytes;
            try {
                vol = Storage.volume(connect, type, source);
                path = vol.getPath();
                bytes = Volumes.physicalBytes(vol);
            } catch (LibvirtException e) {
                if (LibvirtErrors.code(e) != ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                    throw e;
                }
                // A file outside any pool: Volumes copies it when the host is this machine.
                bytes = new java.io.File(source).length();
            } finally {
                Handles.free(vol);
            }
            copies.add(new Copy(disk, target, path, bytes, pool, spec.name() + "-" + target + "." + extension(path, disk)));
        }
        if (!pools.isEmpty()) {
            throw LibvirtConfiguration.refused("VM '" + vm.name() + "' has no disk " + String.join(", ", pools.keySet())
                    + ".");
        }
        return copies;
    }

    private static String extension(String path, Element disk) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            return name.substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        String format = DomainDoc.attribute(DomainDoc.child(disk, "driver"), "type");
        return format == null ? "img" : format;
    }

    /** The clone's own identity: its name, no UUID, fresh MACs, no NVRAM file of the original's. */
    private static void rewrite(Connect connect, DomainDoc doc, String name) throws LibvirtException {
        DomainDoc.child(doc.root, "name").setTextContent(name);
        DomainDoc.removeChildren(doc.root, "uuid");
        // The original's UEFI variables file would be shared; libvirt makes the clone a fresh one.
        DomainDoc.removeChildren(doc.os(), "nvram");
        Set<String> taken = DeviceXml.macsInUse(connect);
        for (Element nic : doc.interfaces()) {
            Element mac = DomainDoc.child(nic, "mac");
            if (mac == null) {
                mac = doc.document.createElementNS(null, "mac");
                nic.insertBefore(mac, nic.getFirstChild());
            }
            String fresh = DeviceXml.newMac(taken, new java.security.SecureRandom());
            taken.add(fresh);
            mac.setAttribute("address", fresh);
            DomainDoc.removeChildren(nic, "target");
        }
    }

    private static boolean exists(Connect connect, String name) throws LibvirtException {
        try {
            Handles.free(connect.domainLookupByName(name));
            return true;
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return false;
            }
            throw e;
        }
    }
}
