package dev.hangar.libvirt;

import dev.hangar.plugins.capability.VmConfiguration;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmWarning;
import dev.hangar.store.Thunk;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.w3c.dom.Element;

/**
 * Changing a libvirt VM: each {@link VmChange} with the call libvirt has for it, live (AFFECT_LIVE)
 * where the VM runs and libvirt can, and always in the persistent definition (AFFECT_CONFIG), so that
 * the change survives a restart; what libvirt has no call for (CPU, boot order, firmware, a disk's
 * bus and cache, a NIC's model and MAC) is changed in the inactive XML and defined again, for the next
 * boot. A change that is refused changes nothing.
 */
final class LibvirtConfiguration implements VmConfiguration {
    private static final Set<Setting> TEST_DRIVER_LACKS = EnumSet.of(Setting.DISK_ADD, Setting.DISK_DETACH,
            Setting.MEDIA, Setting.NIC_ADD, Setting.NIC_REMOVE, Setting.NIC_LINK, Setting.CLONE);
    /** What a failed change was trying to do, after "Could not …". */
    private static final Map<Setting, String> DOING = new EnumMap<>(Map.ofEntries(
            Map.entry(Setting.MEMORY, "change the memory of"), Map.entry(Setting.VCPUS, "change the vCPUs of"),
            Map.entry(Setting.CPU, "change the CPU of"), Map.entry(Setting.AUTOSTART, "change autostart of"),
            Map.entry(Setting.BOOT_ORDER, "change the boot order of"),
            Map.entry(Setting.DESCRIPTION, "change the description of"),
            Map.entry(Setting.FIRMWARE, "change the firmware of"), Map.entry(Setting.DISK_ADD, "add a disk to"),
            Map.entry(Setting.DISK_DETACH, "detach a disk from"), Map.entry(Setting.DISK_EDIT, "change a disk of"),
            Map.entry(Setting.MEDIA, "change the media in"), Map.entry(Setting.NIC_ADD, "add a NIC to"),
            Map.entry(Setting.NIC_REMOVE, "remove a NIC from"), Map.entry(Setting.NIC_EDIT, "change a NIC of"),
            Map.entry(Setting.NIC_LINK, "plug or unplug a NIC of"), Map.entry(Setting.RENAME, "rename"),
            Map.entry(Setting.CLONE, "clone")));

    /** One change's libvirt part on the domain; refusals are thrown as {@link Storage.RefusedException}. */
    @FunctionalInterface
    private interface Change {
        Applied apply(Target target) throws LibvirtException;
    }

    /** The domain being changed, with both of its definitions read once. */
    record Target(LibvirtConnection connection, Domain domain, VmRef ref, boolean running, DomainDoc inactive,
                  DomainDoc live) {
        DomainSettings next() {
            return new DomainSettings(inactive);
        }

        DomainSettings now() {
            return new DomainSettings(live);
        }

        /** Live and config while it runs, else config. */
        int both() {
            return running ? NativeConfig.AFFECT_LIVE | NativeConfig.AFFECT_CONFIG : NativeConfig.AFFECT_CONFIG;
        }

        void define(DomainDoc changed) throws LibvirtException {
            Handles.free(connection.withConnect(connect -> connect.domainDefineXML(changed.xml())));
        }
    }

    private final Function<String, LibvirtConnection> connections;
    private final Cloning cloning;

    /** @param connections the provider's connection of a URI (throws for one it does not serve) */
    LibvirtConfiguration(Function<String, LibvirtConnection> connections) {
        this.connections = connections;
        this.cloning = new Cloning(connections);
    }

    @Override
    public TaskBody cloneVm(VmRef vm, CloneSpec spec) {
        return cloning.cloneVm(vm, spec);
    }

    @Override
    public VmSettings settings(VmRef vm) throws Exception {
        LibvirtConnection connection = connections.apply(vm.connection());
        return connection.withDomain(vm, domain -> {
            Target target = target(connection, domain, vm);
            DomainSettings next = target.next();
            HostLimits host = connection.withConnect(connect -> HostLimits.read(connect, target.inactive()));
            boolean persistent = domain.isPersistent() == 1;
            Set<Setting> live = target.running() ? EnumSet.of(Setting.MEMORY, Setting.VCPUS, Setting.AUTOSTART,
                    Setting.DESCRIPTION, Setting.DISK_ADD, Setting.DISK_DETACH, Setting.MEDIA, Setting.NIC_ADD,
                    Setting.NIC_REMOVE, Setting.NIC_EDIT, Setting.NIC_LINK) : EnumSet.noneOf(Setting.class);
            Set<Setting> changeable = EnumSet.copyOf(live);
            if (persistent) {
                changeable.addAll(EnumSet.of(Setting.MEMORY, Setting.VCPUS, Setting.CPU, Setting.AUTOSTART,
                        Setting.BOOT_ORDER, Setting.DESCRIPTION, Setting.DISK_ADD, Setting.DISK_DETACH,
                        Setting.DISK_EDIT, Setting.MEDIA, Setting.NIC_ADD, Setting.NIC_REMOVE, Setting.NIC_EDIT,
                        Setting.NIC_LINK));
                if (!target.running()) {
                    changeable.add(Setting.RENAME);
                    changeable.add(Setting.CLONE);
                    if (host.firmware().size() > 1) {
                        changeable.add(Setting.FIRMWARE);
                    }
                }
            }
            if (ConnectionLabel.testDriver(vm.connection())) {
                // libvirt's test driver has no device attach/detach/update and no volume streams.
                changeable.removeAll(TEST_DRIVER_LACKS);
                live.removeAll(TEST_DRIVER_LACKS);
            }
            List<String> pending = target.running() ? DomainSettings.pending(target.now(), next) : List.of();
            return new VmSettings(next.memoryKiB(), next.maxMemoryKiB(), next.vcpus(), next.maxVcpus(), next.cpu(),
                    domain.getAutostart(), next.bootOrder(), next.description(), next.firmware(), host.maxVcpus(),
                    host.memoryKiB(), host.cpuModels(), host.firmware(), changeable, live, pending);
        });
    }

    @Override
    public Thunk<Applied> change(VmRef vm, VmChange change) {
        return (dispatcher, state) -> {
            LibvirtConnection connection = connections.apply(vm.connection());
            Applied applied;
            try {
                applied = connection.withDomain(vm, domain -> change(target(connection, domain, vm), change));
            } catch (LibvirtException e) {
                if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    dispatcher.dispatch(VmActions.INSTANCE.vmRemoved(vm));
                }
                return CompletableFuture.failedFuture(new IllegalStateException(describe(e, change, vm), e));
            } catch (VmWarning e) {
                // It happened, not entirely as asked: the VM is re-read all the same.
                connection.refresh(vm);
                return CompletableFuture.failedFuture(e);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            // A rename is found by its id: the refresh removes the old name and adds the new one.
            connection.refresh(vm);
            return CompletableFuture.completedFuture(applied);
        };
    }

    static Target target(LibvirtConnection connection, Domain domain, VmRef ref) throws LibvirtException {
        boolean running = domain.isActive() == 1;
        DomainDoc inactive = DomainDoc.parse(domain.getXMLDesc(NativeConfig.XML_INACTIVE));
        DomainDoc live = running ? DomainDoc.parse(domain.getXMLDesc(0)) : inactive;
        return new Target(connection, domain, ref, running, inactive, live);
    }

    private Applied change(Target t, VmChange change) throws LibvirtException {
        if (t.running() && t.domain().isPersistent() != 1) {
            throw refused("VM '" + t.ref().name() + "' is transient (libvirt keeps no definition of it); Hangar changes "
                    + "only VMs with a definition.");
        }
        if (change instanceof VmChange.Memory memory) {
            return memory(t, memory);
        } else if (change instanceof VmChange.Vcpus vcpus) {
            return vcpus(t, vcpus);
        } else if (change instanceof VmChange.Cpu cpu) {
            return cpu(t, cpu.cpu());
        } else if (change instanceof VmChange.Autostart autostart) {
            boolean before = t.domain().getAutostart();
            t.domain().setAutostart(autostart.autostart());
            return new Applied(true, false, onOff(before), onOff(autostart.autostart()));
        } else if (change instanceof VmChange.BootOrder order) {
            return bootOrder(t, order.devices());
        } else if (change instanceof VmChange.Description description) {
            String before = t.next().description();
            t.domain().setMetadata(NativeConfig.METADATA_DESCRIPTION, description.text().isEmpty() ? null
                    : description.text(), null, null, t.both());
            return new Applied(t.running(), false, before, description.text());
        } else if (change instanceof VmChange.SetFirmware firmware) {
            return firmware(t, firmware.firmware());
        } else if (change instanceof VmChange.AddDisk disk) {
            return DeviceChanges.addDisk(t, disk.disk());
        } else if (change instanceof VmChange.DetachDisk detach) {
            return DeviceChanges.detachDisk(t, detach);
        } else if (change instanceof VmChange.EditDisk edit) {
            return DeviceChanges.editDisk(t, edit);
        } else if (change instanceof VmChange.AddNic nic) {
            return DeviceChanges.addNic(t, nic.nic());
        } else if (change instanceof VmChange.RemoveNic nic) {
            return DeviceChanges.removeNic(t, nic);
        } else if (change instanceof VmChange.EditNic nic) {
            return DeviceChanges.editNic(t, nic);
        } else if (change instanceof VmChange.Media media) {
            return media(t, media);
        } else if (change instanceof VmChange.NicLink link) {
            return link(t, link);
        } else if (change instanceof VmChange.Rename rename) {
            return rename(t, rename.newName());
        }
        throw refused("The libvirt provider does not know the change " + change.id() + ".");
    }

    // ---- memory and vCPUs ----

    private Applied memory(Target t, VmChange.Memory change) throws LibvirtException {
        long memory = change.memoryKiB();
        long max = change.maxMemoryKiB();
        if (memory <= 0 || max <= 0) {
            throw refused("Memory must be more than 0.");
        }
        if (memory > max) {
            throw refused("Memory (" + DomainSettings.memory(memory) + ") cannot be more than its maximum ("
                    + DomainSettings.memory(max) + ").");
        }
        long host = t.connection().withConnect(connect -> connect.nodeInfo().memory);
        if (max > host) {
            throw refused("The host has " + DomainSettings.memory(host) + " of memory; "
                    + DomainSettings.memory(max) + " is too much.");
        }
        DomainSettings next = t.next();
        String before = next.memoryWords();
        Domain domain = t.domain();
        // Lowering the maximum below the current memory would cut it: order the two calls so neither does.
        if (max >= next.memoryKiB()) {
            setMaxMemory(domain, max, next);
            NativeConfig.setMemory(domain, memory, NativeConfig.AFFECT_CONFIG);
        } else {
            NativeConfig.setMemory(domain, memory, NativeConfig.AFFECT_CONFIG);
            setMaxMemory(domain, max, next);
        }
        boolean live = false;
        boolean later = !t.running();
        if (t.running()) {
            DomainSettings now = t.now();
            later = max != now.maxMemoryKiB() || memory > now.maxMemoryKiB();
            if (memory != now.memoryKiB() && memory <= now.maxMemoryKiB()) {
                // Through the balloon: the guest gives the memory back (or takes more) up to the maximum.
                NativeConfig.setMemory(domain, memory, NativeConfig.AFFECT_LIVE);
                live = true;
            }
        }
        return new Applied(live, later, before, DomainSettings.memory(memory) + ", max " + DomainSettings.memory(max));
    }

    private static void setMaxMemory(Domain domain, long max, DomainSettings next) throws LibvirtException {
        if (max != next.maxMemoryKiB()) {
            NativeConfig.setMemory(domain, max, NativeConfig.MAXIMUM | NativeConfig.AFFECT_CONFIG);
        }
    }

    private Applied vcpus(Target t, VmChange.Vcpus change) throws LibvirtException {
        int vcpus = change.vcpus();
        int max = change.maxVcpus();
        if (vcpus < 1) {
            throw refused("A VM needs at least 1 vCPU.");
        }
        if (vcpus > max) {
            throw refused(vcpus + " vCPUs are more than the maximum of " + max + ".");
        }
        HostLimits host = t.connection().withConnect(connect -> HostLimits.read(connect, t.inactive()));
        if (max > host.maxVcpus()) {
            throw refused(max > host.hostCpus()
                    ? "The host has " + host.hostCpus() + " CPUs; " + max + " vCPUs are too many."
                    : "The hypervisor allows at most " + host.maxVcpus() + " vCPUs per VM; " + max + " are too many.");
        }
        DomainSettings next = t.next();
        String before = next.vcpuWords();
        Domain domain = t.domain();
        // As with memory: a lower maximum after the count, a higher one before it.
        if (max >= next.vcpus()) {
            setMaxVcpus(domain, max, next);
            domain.setVcpusFlags(vcpus, NativeConfig.AFFECT_CONFIG);
        } else {
            domain.setVcpusFlags(vcpus, NativeConfig.AFFECT_CONFIG);
            setMaxVcpus(domain, max, next);
        }
        boolean live = false;
        boolean later = !t.running();
        if (t.running()) {
            DomainSettings now = t.now();
            later = max != now.maxVcpus() || vcpus > now.maxVcpus();
            if (vcpus != now.vcpus() && vcpus <= now.maxVcpus()) {
                domain.setVcpusFlags(vcpus, NativeConfig.AFFECT_LIVE);
                live = true;
            }
        }
        return new Applied(live, later, before, vcpus + " of max " + max);
    }

    private static void setMaxVcpus(Domain domain, int max, DomainSettings next) throws LibvirtException {
        if (max != next.maxVcpus()) {
            domain.setVcpusFlags(max, NativeConfig.MAXIMUM | NativeConfig.AFFECT_CONFIG);
        }
    }

    // ---- what only the definition holds: next boot ----

    private Applied cpu(Target t, CpuModel cpu) throws LibvirtException {
        HostLimits host = t.connection().withConnect(connect -> HostLimits.read(connect, t.inactive()));
        if (!host.cpuModes().contains(cpu.mode())) {
            throw refused("This host's hypervisor does not offer the CPU " + DomainSettings.cpuWords(cpu) + ".");
        }
        if (cpu.mode() == CpuModel.Mode.NAMED && !host.cpuModels().contains(cpu.model())) {
            throw refused("This host's hypervisor has no CPU model '" + cpu.model() + "'.");
        }
        String before = DomainSettings.cpuWords(t.next().cpu());
        DomainDoc doc = t.inactive();
        Element element = DomainDoc.child(doc.root, "cpu");
        if (element == null) {
            element = DomainDoc.append(doc.root, "cpu");
        }
        // Topology, NUMA and cache stay; what says which CPU goes.
        for (String name : List.of("model", "vendor", "feature")) {
            DomainDoc.removeChildren(element, name);
        }
        for (String name : List.of("mode", "match", "check", "migratable")) {
            element.removeAttribute(name);
        }
        switch (cpu.mode()) {
            case HOST_PASSTHROUGH -> element.setAttribute("mode", "host-passthrough");
            case HOST_MODEL -> element.setAttribute("mode", "host-model");
            case NAMED -> {
                element.setAttribute("mode", "custom");
                element.setAttribute("match", "exact");
                Element model = DomainDoc.append(element, "model");
                // allow: a model a little beyond what the host has still starts, with what it has.
                model.setAttribute("fallback", "allow");
                model.setTextContent(cpu.model());
            }
            case DEFAULT -> {
                if (element.getElementsByTagName("*").getLength() == 0) {
                    doc.root.removeChild(element);
                }
            }
        }
        t.define(doc);
        return new Applied(false, true, before, DomainSettings.cpuWords(cpu));
    }

    private Applied bootOrder(Target t, List<String> ids) throws LibvirtException {
        DomainDoc doc = t.inactive();
        List<Element> devices = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>(ids);
        for (BootDevice device : new DomainSettings(doc).bootOrder()) {
            unknown.remove(device.id());
        }
        if (!unknown.isEmpty()) {
            throw refused("VM '" + t.ref().name() + "' has no bootable device " + String.join(", ", unknown) + ".");
        }
        if (new LinkedHashSet<>(ids).size() != ids.size()) {
            throw refused("A device can be in the boot order only once.");
        }
        String before = new DomainSettings(doc).bootWords();
        for (String id : ids) {
            devices.add(device(doc, id));
        }
        // Per-device order replaces <os><boot dev>: libvirt refuses both at once.
        DomainDoc.removeChildren(doc.os(), "boot");
        for (Element device : anyDevices(doc)) {
            DomainDoc.removeChildren(device, "boot");
        }
        for (int i = 0; i < devices.size(); i++) {
            DomainDoc.append(devices.get(i), "boot").setAttribute("order", String.valueOf(i + 1));
        }
        t.define(doc);
        return new Applied(false, true, before, ids.isEmpty() ? "none" : String.join(", ", ids));
    }

    private static List<Element> anyDevices(DomainDoc doc) {
        List<Element> all = new ArrayList<>();
        for (org.w3c.dom.Node node = doc.devices().getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                all.add(element);
            }
        }
        return all;
    }

    private static Element device(DomainDoc doc, String id) {
        Element device = id.startsWith("nic:") ? doc.nic(id.substring(4)) : doc.disk(id.substring(5));
        if (device == null) {
            throw refused("There is no device " + id + ".");
        }
        return device;
    }

    private Applied firmware(Target t, Firmware firmware) throws LibvirtException {
        if (t.running()) {
            throw refused("VM '" + t.ref().name() + "' is running; change its firmware when it is shut off.");
        }
        HostLimits host = t.connection().withConnect(connect -> HostLimits.read(connect, t.inactive()));
        if (!host.firmware().contains(firmware)) {
            throw refused("This host has no " + firmware + " firmware for this VM (for UEFI, install OVMF).");
        }
        DomainDoc doc = t.inactive();
        Firmware before = new DomainSettings(doc).firmware();
        Element os = doc.os();
        DomainDoc.removeChildren(os, "loader");
        DomainDoc.removeChildren(os, "nvram");
        if (firmware == Firmware.UEFI) {
            // libvirt picks OVMF and makes the VM's NVRAM itself.
            os.setAttribute("firmware", "efi");
        } else {
            os.removeAttribute("firmware");
            DomainDoc.removeChildren(os, "firmware");
        }
        t.define(doc);
        return new Applied(false, true, before.name(), firmware.name());
    }

    // ---- devices ----

    private Applied media(Target t, VmChange.Media change) throws LibvirtException {
        Element drive = t.inactive().disk(change.target());
        if (drive == null || !"cdrom".equals(drive.getAttribute("device"))) {
            throw refused("VM '" + t.ref().name() + "' has no CD-ROM " + change.target() + ".");
        }
        String before = DomainSettings.diskSource(drive);
        DomainDoc.removeChildren(drive, "source");
        if (change.path() != null) {
            drive.setAttribute("type", "file");
            Element source = t.inactive().document.createElementNS(null, "source");
            source.setAttribute("file", change.path());
            // libvirt wants <source> before <target>.
            drive.insertBefore(source, DomainDoc.child(drive, "target"));
        }
        // A drive added for the next boot is not in the running VM yet: then only its definition changes.
        boolean live = t.running() && t.live().disk(change.target()) != null;
        int flags = NativeConfig.AFFECT_CONFIG | (live ? NativeConfig.AFFECT_LIVE : 0)
                | (live && change.path() == null ? NativeConfig.DEVICE_MODIFY_FORCE : 0);
        t.domain().updateDeviceFlags(DomainDoc.xml(drive), flags);
        return new Applied(live, !live, before == null ? "empty" : before,
                change.path() == null ? "empty" : change.path());
    }

    private Applied link(Target t, VmChange.NicLink change) throws LibvirtException {
        Element config = t.inactive().nic(change.mac());
        Element live = t.running() ? t.live().nic(change.mac()) : null;
        if (config == null && live == null) {
            throw refused("VM '" + t.ref().name() + "' has no NIC " + change.mac() + ".");
        }
        Element shown = live != null ? live : config;
        String before = "down".equals(DomainDoc.attribute(DomainDoc.child(shown, "link"), "state")) ? "down" : "up";
        String after = change.up() ? "up" : "down";
        if (live != null) {
            t.domain().updateDeviceFlags(DomainDoc.xml(withLink(live, after)), NativeConfig.AFFECT_LIVE);
        }
        if (config != null) {
            t.domain().updateDeviceFlags(DomainDoc.xml(withLink(config, after)), NativeConfig.AFFECT_CONFIG);
        }
        return new Applied(live != null, live == null, before, after);
    }

    private static Element withLink(Element nic, String state) {
        DomainDoc.removeChildren(nic, "link");
        DomainDoc.append(nic, "link").setAttribute("state", state);
        return nic;
    }

    // ---- rename ----

    private Applied rename(Target t, String name) throws LibvirtException {
        String problem = nameProblem(name);
        if (problem != null) {
            throw refused(problem);
        }
        if (t.running()) {
            throw refused("VM '" + t.ref().name() + "' is running; rename it when it is shut off.");
        }
        if (name.equals(t.ref().name())) {
            throw refused("VM '" + name + "' has that name already.");
        }
        boolean taken = t.connection().withConnect(connect -> {
            try {
                Handles.free(connect.domainLookupByName(name));
                return true;
            } catch (LibvirtException e) {
                if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    return false;
                }
                throw e;
            }
        });
        if (taken) {
            throw refused("A VM named '" + name + "' exists already on this host; VM '" + t.ref().name()
                    + "' keeps its name.");
        }
        NativeConfig.rename(t.domain(), name);
        return new Applied(true, false, t.ref().name(), name);
    }

    /** Why libvirt would refuse the name, or null: the rules a new VM's name follows. */
    static String nameProblem(String name) {
        String rule = LibvirtCreation.nameRule(name);
        return rule == null ? null : rule + ".";
    }

    // ---- words ----

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    static Storage.RefusedException refused(String message) {
        return new Storage.RefusedException(message);
    }

    /** A failed change in words: "Could not change the memory of VM 'web1': …". */
    static String describe(LibvirtException e, VmChange change, VmRef vm) {
        String detail = LibvirtErrors.detail(e);
        ErrorNumber code = LibvirtErrors.code(e);
        if (code == ErrorNumber.VIR_ERR_NO_DOMAIN) {
            return "VM '" + vm.name() + "' no longer exists.";
        }
        String what = DOING.get(change.setting()) + " VM '" + vm.name() + "'";
        if (code == ErrorNumber.VIR_ERR_OPERATION_DENIED || code == ErrorNumber.VIR_ERR_ACCESS_DENIED) {
            return "Not allowed to " + what + ": " + detail;
        }
        if (code == ErrorNumber.VIR_ERR_NO_SUPPORT || code == ErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED
                || code == ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED) {
            return "This hypervisor cannot " + what + ": " + detail;
        }
        if (LibvirtErrors.connectionLost(e)) {
            return "The connection to libvirt was lost while trying to " + what + ": " + detail;
        }
        return "Could not " + what + ": " + detail;
    }
}
