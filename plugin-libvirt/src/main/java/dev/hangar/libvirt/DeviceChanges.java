package dev.hangar.libvirt;

import dev.hangar.libvirt.LibvirtConfiguration.Target;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.DiskSpec;
import dev.hangar.plugins.configure.NicSpec;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.vm.VmWarning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;
import org.w3c.dom.Element;

/**
 * Adding, removing and changing a VM's disks and NICs: attach/detach/update with AFFECT_LIVE where
 * the VM runs and the bus can be hot-plugged, and AFFECT_CONFIG always; a bus, cache, model or MAC is
 * changed in the definition (next boot). A detach deletes a volume only when asked, only that disk's,
 * and only when no other disk of any VM of the connection uses it.
 */
final class DeviceChanges {
    /** Buses QEMU can hot-plug a disk on; a SATA or IDE disk of a running VM is added for its next boot. */
    private static final Set<String> HOTPLUG_BUSES = Set.of("virtio", "scsi", "usb");

    private DeviceChanges() {
    }

    static Applied addDisk(Target t, DiskSpec spec) throws LibvirtException {
        String device = spec.device();
        if (!"disk".equals(device) && !"cdrom".equals(device)) {
            throw LibvirtConfiguration.refused("A disk is a disk or a cdrom, not '" + device + "'.");
        }
        boolean cdrom = "cdrom".equals(device);
        String bus = spec.bus() != null ? spec.bus() : cdrom ? "sata" : "virtio";
        Set<String> taken = new LinkedHashSet<>();
        for (DomainDoc doc : List.of(t.inactive(), t.live())) {
            for (Element disk : doc.disks()) {
                taken.add(DomainDoc.attribute(DomainDoc.child(disk, "target"), "dev"));
            }
        }
        String target;
        try {
            target = DeviceXml.nextTarget(bus, taken);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw LibvirtConfiguration.refused(e.getMessage() + ".");
        }
        Volumes ledger = new Volumes();
        DeviceXml.Disk disk;
        if (spec.storage() instanceof StorageChoice.NewVolume volume) {
            if (cdrom) {
                throw LibvirtConfiguration.refused("A CD-ROM takes an ISO (an existing volume or file), not a new volume.");
            }
            String name = t.ref().name() + "-" + target + "." + volume.format();
            Volumes.Made made;
            try {
                made = t.connection().withConnect(connect -> ledger.create(connect, volume.pool(), name,
                        volume.sizeBytes(), volume.format()));
            } catch (IllegalArgumentException e) {
                throw LibvirtConfiguration.refused(e.getMessage() + ".");
            }
            disk = new DeviceXml.Disk("disk", bus, target, sourceType(made.path()), made.path(), volume.format(),
                    spec.cache(), false);
        } else if (spec.storage() instanceof StorageChoice.ExistingVolume existing) {
            String format = cdrom ? "raw" : t.connection().withConnect(connect -> format(connect, t, existing.path()));
            disk = new DeviceXml.Disk(device, bus, target, sourceType(existing.path()), existing.path(), format,
                    spec.cache(), cdrom);
        } else if (cdrom) {
            disk = DeviceXml.Disk.cdrom(bus, target, null);
        } else {
            throw LibvirtConfiguration.refused("A disk needs storage: a new volume, an existing volume or a file.");
        }
        boolean live = t.running() && HOTPLUG_BUSES.contains(bus);
        try {
            t.domain().attachDeviceFlags(DeviceXml.disk(disk), live ? t.both() : NativeConfig.AFFECT_CONFIG);
        } catch (LibvirtException | RuntimeException e) {
            // The new volume is this change's: it goes with the failed attach.
            t.connection().withConnect(ledger::deleteAll);
            throw e;
        }
        String words = DomainSettings.diskWords(DomainDoc.element(DeviceXml.disk(disk)));
        return new Applied(live, !live, "", words);
    }

    /** An existing path's format: its volume's, else from its name; refuses a path that is neither. */
    private static String format(Connect connect, Target t, String path) throws LibvirtException {
        try {
            String format = Volumes.format(connect, path);
            if (format != null) {
                return format;
            }
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) != ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                throw e;
            }
            if (!Volumes.localHost(t.ref().connection()) || !Files.exists(Path.of(path))) {
                throw LibvirtConfiguration.refused("There is no volume or file " + path + " on the host.");
            }
        }
        return path.endsWith(".qcow2") ? "qcow2" : "raw";
    }

    private static String sourceType(String path) {
        return path.startsWith("/dev/") ? "block" : "file";
    }

    static Applied detachDisk(Target t, VmChange.DetachDisk change) throws LibvirtException {
        Element config = t.inactive().disk(change.target());
        Element live = t.running() ? t.live().disk(change.target()) : null;
        if (config == null && live == null) {
            throw LibvirtConfiguration.refused("VM '" + t.ref().name() + "' has no disk " + change.target()
                    + "; nothing was changed.");
        }
        Element disk = config != null ? config : live;
        String before = DomainSettings.diskWords(disk);
        String source = DomainSettings.diskSource(disk);
        String type = disk.getAttribute("type");
        if (change.deleteVolume()) {
            if (source == null || !List.of("file", "block", "volume").contains(type)) {
                throw LibvirtConfiguration.refused("Disk " + change.target() + " has no volume to delete; nothing was "
                        + "changed.");
            }
            String user = t.connection().withConnect(connect -> otherUser(connect, t, change.target(), source));
            if (user != null) {
                throw LibvirtConfiguration.refused("The volume " + source + " of disk " + change.target()
                        + " is also used by " + user + "; nothing was changed.");
            }
        }
        if (live != null) {
            t.domain().detachDeviceFlags(DomainDoc.xml(live), NativeConfig.AFFECT_LIVE);
        }
        if (config != null) {
            t.domain().detachDeviceFlags(DomainDoc.xml(config), NativeConfig.AFFECT_CONFIG);
        }
        // QEMU asks the guest to let go; libvirt waits a few seconds, then returns with the disk maybe still there.
        boolean stillAttached = live != null
                && DomainDoc.parse(t.domain().getXMLDesc(0)).disk(change.target()) != null;
        if (stillAttached) {
            throw new VmWarning("Disk " + change.target() + " was removed from the definition of VM '" + t.ref().name()
                    + "', but the running guest has not released it yet" + (change.deleteVolume()
                    ? "; its volume " + source + " was kept: delete it once the VM is off." : "."));
        }
        if (change.deleteVolume()) {
            t.connection().withConnect(connect -> {
                StorageVol vol = Storage.volume(connect, type, source);
                try {
                    vol.delete(0);
                } finally {
                    Handles.free(vol);
                }
                return null;
            });
        }
        return new Applied(live != null, live == null, before, "");
    }

    /**
     * Another disk that uses {@code source}: of this VM (another target) or of any other VM of the
     * connection, live or defined; null when none does.
     */
    private static String otherUser(Connect connect, Target t, String target, String source) throws LibvirtException {
        List<Domain> domains = NativeLibvirt.listAllDomains(connect);
        try {
            for (Domain domain : domains) {
                boolean self = domain.getUUIDString().equals(t.ref().id());
                for (int flags : new int[] {0, NativeConfig.XML_INACTIVE}) {
                    DomainDoc doc;
                    try {
                        doc = DomainDoc.parse(domain.getXMLDesc(flags));
                    } catch (LibvirtException e) {
                        continue;
                    }
                    for (Element disk : doc.disks()) {
                        String dev = DomainDoc.attribute(DomainDoc.child(disk, "target"), "dev");
                        if (source.equals(DomainSettings.diskSource(disk)) && !(self && target.equals(dev))) {
                            return self ? "disk " + dev + " of the same VM" : "VM '" + domain.getName() + "'";
                        }
                    }
                }
            }
        } finally {
            Handles.freeAll(domains);
        }
        return null;
    }

    static Applied editDisk(Target t, VmChange.EditDisk change) throws LibvirtException {
        DomainDoc doc = t.inactive();
        Element disk = doc.disk(change.target());
        if (disk == null) {
            throw LibvirtConfiguration.refused("VM '" + t.ref().name() + "' has no disk " + change.target() + ".");
        }
        String before = DomainSettings.diskWords(disk);
        Element target = DomainDoc.child(disk, "target");
        if (change.bus() != null && !change.bus().equals(target.getAttribute("bus"))) {
            Set<String> taken = new LinkedHashSet<>();
            for (Element other : doc.disks()) {
                if (other != disk) {
                    taken.add(DomainDoc.attribute(DomainDoc.child(other, "target"), "dev"));
                }
            }
            try {
                target.setAttribute("dev", DeviceXml.nextTarget(change.bus(), taken));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw LibvirtConfiguration.refused(e.getMessage() + ".");
            }
            target.setAttribute("bus", change.bus());
            // The old bus's address does not fit the new one: libvirt assigns a new one.
            DomainDoc.removeChildren(disk, "address");
        }
        if (change.cache() != null) {
            Element driver = DomainDoc.child(disk, "driver");
            if (driver == null) {
                driver = doc.document.createElementNS(null, "driver");
                driver.setAttribute("name", "qemu");
                disk.insertBefore(driver, disk.getFirstChild());
            }
            driver.setAttribute("cache", change.cache());
        }
        String after = DomainSettings.diskWords(disk);
        t.define(doc);
        return new Applied(false, true, before, after);
    }

    static Applied addNic(Target t, NicSpec spec) throws LibvirtException {
        String[] source = source(spec.network());
        String mac = spec.mac() == null ? null : spec.mac().toLowerCase(Locale.ROOT);
        Set<String> used = t.connection().withConnect(DeviceXml::macsInUse);
        if (mac != null && !DeviceXml.validMac(mac)) {
            throw LibvirtConfiguration.refused("'" + spec.mac() + "' is not a MAC address (52:54:00:12:34:56).");
        }
        if (mac != null && used.contains(mac)) {
            throw LibvirtConfiguration.refused("The MAC address " + mac + " is used by a NIC on this host already.");
        }
        DeviceXml.Nic nic = new DeviceXml.Nic(source[0], source[1], spec.model() != null ? spec.model() : "virtio",
                mac != null ? mac : DeviceXml.newMac(used, new java.security.SecureRandom()), null);
        String xml = DeviceXml.nic(nic);
        t.domain().attachDeviceFlags(xml, t.both());
        return new Applied(t.running(), !t.running(), "", DomainSettings.nicWords(DomainDoc.element(xml)));
    }

    static Applied removeNic(Target t, VmChange.RemoveNic change) throws LibvirtException {
        Element config = t.inactive().nic(change.mac());
        Element live = t.running() ? t.live().nic(change.mac()) : null;
        if (config == null && live == null) {
            throw LibvirtConfiguration.refused("VM '" + t.ref().name() + "' has no NIC " + change.mac() + ".");
        }
        String before = DomainSettings.nicWords(config != null ? config : live);
        if (live != null) {
            t.domain().detachDeviceFlags(DomainDoc.xml(live), NativeConfig.AFFECT_LIVE);
        }
        if (config != null) {
            t.domain().detachDeviceFlags(DomainDoc.xml(config), NativeConfig.AFFECT_CONFIG);
        }
        if (live != null && DomainDoc.parse(t.domain().getXMLDesc(0)).nic(change.mac()) != null) {
            throw new VmWarning("NIC " + change.mac() + " was removed from the definition of VM '" + t.ref().name()
                    + "', but the running guest has not released it yet.");
        }
        return new Applied(live != null, live == null, before, "");
    }

    static Applied editNic(Target t, VmChange.EditNic change) throws LibvirtException {
        DomainDoc doc = t.inactive();
        Element config = doc.nic(change.mac());
        Element live = t.running() ? t.live().nic(change.mac()) : null;
        if (config == null) {
            throw LibvirtConfiguration.refused("VM '" + t.ref().name() + "' has no NIC " + change.mac()
                    + " in its definition.");
        }
        String before = DomainSettings.nicWords(config);
        String newMac = change.newMac() == null ? null : change.newMac().toLowerCase(Locale.ROOT);
        if (newMac != null && !newMac.equalsIgnoreCase(change.mac())) {
            if (!DeviceXml.validMac(newMac)) {
                throw LibvirtConfiguration.refused("'" + change.newMac() + "' is not a MAC address (52:54:00:12:34:56).");
            }
            if (t.connection().withConnect(DeviceXml::macsInUse).contains(newMac)) {
                throw LibvirtConfiguration.refused("The MAC address " + newMac + " is used by a NIC on this host already.");
            }
            DomainDoc.child(config, "mac").setAttribute("address", newMac);
        }
        boolean nextBootOnly = newMac != null && !newMac.equalsIgnoreCase(change.mac());
        if (change.model() != null && !change.model().equals(DomainSettings.nicModel(config))) {
            DomainDoc.removeChildren(config, "model");
            DomainDoc.append(config, "model").setAttribute("type", change.model());
            nextBootOnly = true;
        }
        if (change.network() != null) {
            setSource(config, source(change.network()));
        }
        String after = DomainSettings.nicWords(config);
        t.define(doc);
        boolean liveChanged = false;
        if (live != null && change.network() != null) {
            setSource(live, source(change.network()));
            // The live NIC's own target and alias stay; only where it is plugged changes.
            t.domain().updateDeviceFlags(DomainDoc.xml(live), NativeConfig.AFFECT_LIVE);
            liveChanged = true;
        }
        return new Applied(liveChanged, !t.running() || nextBootOnly || !liveChanged, before, after);
    }

    private static void setSource(Element nic, String[] source) {
        nic.setAttribute("type", source[0]);
        DomainDoc.removeChildren(nic, "source");
        Element element = nic.getOwnerDocument().createElementNS(null, "source");
        element.setAttribute(source[0], source[1]);
        nic.insertBefore(element, DomainDoc.child(nic, "model"));
    }

    /** {type, name} of a NIC's attachment. */
    private static String[] source(NetworkChoice choice) {
        if (choice instanceof NetworkChoice.VirtualNetwork network) {
            return new String[] {"network", network.name()};
        }
        if (choice instanceof NetworkChoice.Bridge bridge) {
            return new String[] {"bridge", bridge.name()};
        }
        throw LibvirtConfiguration.refused("A NIC needs a network or a bridge; to have none, remove the NIC.");
    }
}
