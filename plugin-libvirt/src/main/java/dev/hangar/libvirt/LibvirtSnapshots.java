package dev.hangar.libvirt;

import dev.hangar.plugins.capability.VmSnapshots;
import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Thunk;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.w3c.dom.Element;

/**
 * A libvirt VM's internal snapshots (qcow2): every disk holds its own, and with a running VM the guest's
 * memory goes into the first qcow2 disk. libvirt 9.0 takes an internal snapshot of a running VM only
 * together with its memory (a disk-only one must be external), so a running VM's snapshot always has it.
 * The work runs on a thread of its own, not the provider's lane: saving a large guest's memory takes
 * long, and the lane would hold every other VM's actions meanwhile.
 */
final class LibvirtSnapshots implements VmSnapshots {
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    /** VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC: all disks or none. */
    private static final int CREATE_ATOMIC = 128;
    /** VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN. */
    private static final int DELETE_CHILDREN = 1;

    private final Function<String, LibvirtConnection> connections;

    /** @param connections the provider's connection of a URI (throws for one it does not serve) */
    LibvirtSnapshots(Function<String, LibvirtConnection> connections) {
        this.connections = connections;
    }

    @Override
    public SnapshotList snapshots(VmRef vm) throws Exception {
        return connections.apply(vm.connection()).withDomain(vm, domain -> {
            boolean running = domain.isActive() == 1;
            String unsupported = unsupported(DomainDoc.parse(domain.getXMLDesc(NativeConfig.XML_INACTIVE)));
            return new SnapshotList(read(domain), unsupported, unsupported == null && running);
        });
    }

    /** Why this definition's disks take no internal snapshot, or null when they all do. */
    static String unsupported(DomainDoc definition) {
        Element os = DomainDoc.child(definition.root, "os");
        Element loader = DomainDoc.child(os, "loader");
        if ("pflash".equals(DomainDoc.attribute(loader, "type")) || "efi".equals(DomainDoc.attribute(os, "firmware"))) {
            return "The VM boots UEFI firmware from flash: libvirt takes no internal snapshots of such VMs.";
        }
        int qcow2 = 0;
        for (Element disk : DomainDoc.children(DomainDoc.child(definition.root, "devices"), "disk")) {
            String device = DomainDoc.attribute(disk, "device");
            if ((device != null && !device.equals("disk")) || DomainDoc.child(disk, "readonly") != null) {
                continue; // CD-ROMs and read-only disks are left out of a snapshot
            }
            String target = DomainDoc.attribute(DomainDoc.child(disk, "target"), "dev");
            String type = DomainDoc.attribute(disk, "type");
            if ("network".equals(type)) {
                String protocol = DomainDoc.attribute(DomainDoc.child(disk, "source"), "protocol");
                return "Disk " + target + " is on the network (" + protocol + "): internal snapshots need qcow2 files.";
            }
            String format = DomainDoc.attribute(DomainDoc.child(disk, "driver"), "type");
            if (!"qcow2".equals(format)) {
                return "Disk " + target + " is " + (format == null ? "of unknown format" : format)
                        + ": internal snapshots need qcow2.";
            }
            qcow2++;
        }
        return qcow2 == 0 ? "The VM has no qcow2 disk to hold a snapshot." : null;
    }

    /** Every snapshot, parents before children, siblings by age. */
    private static List<Snapshot> read(Domain domain) throws LibvirtException {
        String current = null;
        if (domain.hasCurrentSnapshot() == 1) {
            DomainSnapshot snapshot = domain.snapshotCurrent();
            try {
                current = DomainDoc.parse(snapshot.getXMLDesc()).text("name");
            } finally {
                Handles.free(snapshot);
            }
        }
        List<Snapshot> all = new ArrayList<>();
        for (String name : domain.snapshotListNames(0)) {
            DomainSnapshot snapshot = domain.snapshotLookupByName(name);
            try {
                all.add(parse(snapshot.getXMLDesc(), current));
            } finally {
                Handles.free(snapshot);
            }
        }
        return tree(all);
    }

    static Snapshot parse(String xml, String current) {
        DomainDoc doc = DomainDoc.parse(xml);
        String name = doc.text("name");
        String created = doc.text("creationTime");
        Element parent = DomainDoc.child(doc.root, "parent");
        String memory = DomainDoc.attribute(DomainDoc.child(doc.root, "memory"), "snapshot");
        String state = doc.text("state");
        return new Snapshot(name, doc.text("description"),
                created == null ? Instant.EPOCH : Instant.ofEpochSecond(Long.parseLong(created.trim())),
                state == null ? "unknown" : state, parent == null ? null : DomainDoc.child(parent, "name").getTextContent(),
                name.equals(current), memory != null ? !"no".equals(memory) : "running".equals(state) || "paused".equals(state));
    }

    static List<Snapshot> tree(List<Snapshot> all) {
        Map<String, List<Snapshot>> children = new HashMap<>();
        Map<String, Snapshot> byName = new LinkedHashMap<>();
        all.forEach(s -> byName.put(s.name(), s));
        List<Snapshot> roots = new ArrayList<>();
        for (Snapshot s : all) {
            if (s.parent() == null || !byName.containsKey(s.parent())) {
                roots.add(s);
            } else {
                children.computeIfAbsent(s.parent(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Snapshot> ordered = new ArrayList<>();
        add(roots, children, ordered);
        return ordered;
    }

    private static void add(List<Snapshot> level, Map<String, List<Snapshot>> children, List<Snapshot> into) {
        level.sort(Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::name));
        for (Snapshot s : level) {
            into.add(s);
            add(children.getOrDefault(s.name(), new ArrayList<>()), children, into);
        }
    }

    @Override
    public Thunk<String> takeSnapshot(VmRef vm, SnapshotSpec spec) {
        return work(vm, "take a snapshot of", domain -> {
            if (domain.isPersistent() != 1) {
                throw refused("VM '" + vm.name() + "' is transient (libvirt keeps no definition of it): it takes no snapshots.");
            }
            String unsupported = unsupported(DomainDoc.parse(domain.getXMLDesc(NativeConfig.XML_INACTIVE)));
            if (unsupported != null) {
                throw refused(unsupported);
            }
            boolean running = domain.isActive() == 1;
            if (running && !spec.withMemory()) {
                throw refused("VM '" + vm.name() + "' is running: its snapshot holds its memory too (an internal "
                        + "snapshot of a running VM always does). Shut it off for one of its disks alone.");
            }
            if (List.of(domain.snapshotListNames(0)).contains(spec.name())) {
                throw refused("VM '" + vm.name() + "' has a snapshot named '" + spec.name() + "' already.");
            }
            Handles.free(domain.snapshotCreateXML(xml(spec), CREATE_ATOMIC));
            return "Took snapshot '" + spec.name() + "' of VM '" + vm.name() + "'" + (running ? " with its memory" : "");
        });
    }

    @Override
    public Thunk<String> revertToSnapshot(VmRef vm, String snapshot) {
        return work(vm, "revert", domain -> {
            DomainSnapshot found = lookup(domain, vm, snapshot);
            try {
                domain.revertToSnapshot(found);
            } finally {
                Handles.free(found);
            }
            return "Reverted VM '" + vm.name() + "' to snapshot '" + snapshot + "'";
        });
    }

    @Override
    public Thunk<String> deleteSnapshot(VmRef vm, String snapshot, boolean withChildren) {
        return work(vm, "delete a snapshot of", domain -> {
            DomainSnapshot found = lookup(domain, vm, snapshot);
            try {
                found.delete(withChildren ? DELETE_CHILDREN : 0);
            } finally {
                Handles.free(found);
            }
            return "Deleted snapshot '" + snapshot + "'" + (withChildren ? " and those taken on top of it" : "")
                    + " of VM '" + vm.name() + "'";
        });
    }

    private static DomainSnapshot lookup(Domain domain, VmRef vm, String snapshot) throws LibvirtException {
        try {
            return domain.snapshotLookupByName(snapshot);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT) {
                throw refused("VM '" + vm.name() + "' has no snapshot named '" + snapshot + "' (any more).");
            }
            throw e;
        }
    }

    /** The snapshot's XML; StAX escapes the person's name and description. */
    static String xml(SnapshotSpec spec) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            w.writeStartElement("domainsnapshot");
            w.writeStartElement("name");
            w.writeCharacters(spec.name());
            w.writeEndElement();
            if (!spec.description().isEmpty()) {
                w.writeStartElement("description");
                w.writeCharacters(spec.description());
                w.writeEndElement();
            }
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @FunctionalInterface
    private interface Work {
        String run(Domain domain) throws LibvirtException;
    }

    /** Runs {@code work} on a thread of its own, then reads the VM again (a revert changes its state). */
    private Thunk<String> work(VmRef vm, String doing, Work work) {
        return (dispatcher, state) -> CompletableFuture.supplyAsync(() -> {
            LibvirtConnection connection = connections.apply(vm.connection());
            try {
                return connection.withDomain(vm, work::run);
            } catch (LibvirtException e) {
                if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    dispatcher.dispatch(VmActions.INSTANCE.vmRemoved(vm));
                    throw new CompletionException(new IllegalStateException("VM '" + vm.name() + "' no longer exists.", e));
                }
                throw new CompletionException(new IllegalStateException(
                        "Could not " + doing + " VM '" + vm.name() + "': " + LibvirtErrors.detail(e), e));
            } finally {
                connection.refresh(vm);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "libvirt-snapshot " + vm.name());
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static Storage.RefusedException refused(String message) {
        return new Storage.RefusedException(message);
    }
}
