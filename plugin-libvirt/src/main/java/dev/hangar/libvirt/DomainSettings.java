package dev.hangar.libvirt;

import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.create.Firmware;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.w3c.dom.Element;

/**
 * The changeable settings of one domain definition (live or inactive), in values and in words: what
 * {@code VmSettings} shows, what {@code Applied} says before and after, and what differs between the
 * running VM and its next boot.
 */
final class DomainSettings {
    private static final Map<String, Long> UNITS = Map.ofEntries(Map.entry("b", 1L), Map.entry("bytes", 1L),
            Map.entry("kb", 1000L), Map.entry("k", 1024L), Map.entry("kib", 1024L), Map.entry("mb", 1_000_000L),
            Map.entry("m", 1L << 20), Map.entry("mib", 1L << 20), Map.entry("gb", 1_000_000_000L),
            Map.entry("g", 1L << 30), Map.entry("gib", 1L << 30), Map.entry("tb", 1_000_000_000_000L),
            Map.entry("t", 1L << 40), Map.entry("tib", 1L << 40));

    private final DomainDoc doc;

    DomainSettings(DomainDoc doc) {
        this.doc = doc;
    }

    long maxMemoryKiB() {
        return kib(DomainDoc.child(doc.root, "memory"));
    }

    long memoryKiB() {
        Element current = DomainDoc.child(doc.root, "currentMemory");
        return current == null ? maxMemoryKiB() : kib(current);
    }

    int maxVcpus() {
        Element vcpu = DomainDoc.child(doc.root, "vcpu");
        return vcpu == null ? 1 : Integer.parseInt(vcpu.getTextContent().trim());
    }

    int vcpus() {
        String current = DomainDoc.attribute(DomainDoc.child(doc.root, "vcpu"), "current");
        return current == null ? maxVcpus() : Integer.parseInt(current);
    }

    CpuModel cpu() {
        Element cpu = DomainDoc.child(doc.root, "cpu");
        if (cpu == null) {
            return new CpuModel(CpuModel.Mode.DEFAULT, null);
        }
        String mode = cpu.hasAttribute("mode") ? cpu.getAttribute("mode") : "custom";
        if (mode.equals("host-passthrough")) {
            return new CpuModel(CpuModel.Mode.HOST_PASSTHROUGH, null);
        }
        if (mode.equals("host-model")) {
            return new CpuModel(CpuModel.Mode.HOST_MODEL, null);
        }
        Element model = DomainDoc.child(cpu, "model");
        if (mode.equals("custom") && model != null && !model.getTextContent().isBlank()) {
            return new CpuModel(CpuModel.Mode.NAMED, model.getTextContent().trim());
        }
        return new CpuModel(CpuModel.Mode.DEFAULT, null);
    }

    Firmware firmware() {
        Element os = DomainDoc.child(doc.root, "os");
        if ("efi".equals(DomainDoc.attribute(os, "firmware"))) {
            return Firmware.UEFI;
        }
        Element loader = DomainDoc.child(os, "loader");
        return loader != null && ("pflash".equals(loader.getAttribute("type"))
                || loader.getTextContent().toUpperCase(Locale.ROOT).contains("OVMF")) ? Firmware.UEFI : Firmware.BIOS;
    }

    String description() {
        String text = doc.text("description");
        return text == null ? "" : text;
    }

    /**
     * Every bootable device (disks, CD-ROMs, NICs), those booted from first in their order. Per-device
     * {@code <boot order>} wins; without it {@code <os><boot dev>} is read as libvirt does (hd: the
     * first disk, cdrom: the first CD-ROM, network: the first NIC).
     */
    List<BootDevice> bootOrder() {
        List<Element> devices = new ArrayList<>();
        for (Element disk : doc.disks()) {
            if (!"floppy".equals(disk.getAttribute("device")) && !"lun".equals(disk.getAttribute("device"))) {
                devices.add(disk);
            }
        }
        devices.addAll(doc.interfaces());
        List<Element> ordered = new ArrayList<>();
        for (Element device : devices) {
            if (DomainDoc.child(device, "boot") != null) {
                ordered.add(device);
            }
        }
        ordered.sort(Comparator.comparingInt(device -> order(DomainDoc.child(device, "boot"))));
        if (ordered.isEmpty()) {
            for (Element boot : DomainDoc.children(DomainDoc.child(doc.root, "os"), "boot")) {
                Element first = first(devices, boot.getAttribute("dev"));
                if (first != null && !ordered.contains(first)) {
                    ordered.add(first);
                }
            }
        }
        List<BootDevice> result = new ArrayList<>();
        for (Element device : ordered) {
            result.add(new BootDevice(id(device), label(device), true));
        }
        for (Element device : devices) {
            if (!ordered.contains(device)) {
                result.add(new BootDevice(id(device), label(device), false));
            }
        }
        return result;
    }

    private static int order(Element boot) {
        try {
            return Integer.parseInt(boot.getAttribute("order"));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static Element first(List<Element> devices, String dev) {
        for (Element device : devices) {
            boolean nic = device.getLocalName().equals("interface");
            String kind = nic ? "network" : "cdrom".equals(device.getAttribute("device")) ? "cdrom" : "hd";
            if (kind.equals(dev)) {
                return device;
            }
        }
        return null;
    }

    /** How {@code BootOrder} names a device: {@code disk:vda}, {@code nic:52:54:…}. */
    static String id(Element device) {
        if (device.getLocalName().equals("interface")) {
            return "nic:" + Objects.requireNonNullElse(DomainDoc.attribute(DomainDoc.child(device, "mac"), "address"), "")
                    .toLowerCase(Locale.ROOT);
        }
        return "disk:" + DomainDoc.attribute(DomainDoc.child(device, "target"), "dev");
    }

    static String label(Element device) {
        if (device.getLocalName().equals("interface")) {
            return "NIC " + DomainDoc.attribute(DomainDoc.child(device, "mac"), "address") + " (" + nicSource(device) + ")";
        }
        String source = diskSource(device);
        String kind = "cdrom".equals(device.getAttribute("device")) ? "CD-ROM " : "Disk ";
        return kind + DomainDoc.attribute(DomainDoc.child(device, "target"), "dev")
                + (source == null ? " (empty)" : " (" + source + ")");
    }

    /** A disk's file, device, volume ({@code pool/volume}) or network name; null for an empty drive. */
    static String diskSource(Element disk) {
        Element source = DomainDoc.child(disk, "source");
        if (source == null) {
            return null;
        }
        for (String attribute : List.of("file", "dev", "dir", "name")) {
            if (source.hasAttribute(attribute)) {
                return source.getAttribute(attribute);
            }
        }
        if (source.hasAttribute("volume")) {
            return source.getAttribute("pool") + "/" + source.getAttribute("volume");
        }
        return null;
    }

    static String nicSource(Element nic) {
        Element source = DomainDoc.child(nic, "source");
        String type = nic.getAttribute("type");
        if (source == null) {
            return type;
        }
        if (source.hasAttribute("network")) {
            return "network " + source.getAttribute("network");
        }
        if (source.hasAttribute("bridge")) {
            return "bridge " + source.getAttribute("bridge");
        }
        if (source.hasAttribute("dev")) {
            return type + " " + source.getAttribute("dev");
        }
        return type;
    }

    static String nicModel(Element nic) {
        return DomainDoc.attribute(DomainDoc.child(nic, "model"), "type");
    }

    // ---- in words ----

    String memoryWords() {
        return memory(memoryKiB()) + ", max " + memory(maxMemoryKiB());
    }

    String vcpuWords() {
        return vcpus() + " of max " + maxVcpus();
    }

    static String cpuWords(CpuModel cpu) {
        return switch (cpu.mode()) {
            case DEFAULT -> "hypervisor default";
            case HOST_PASSTHROUGH -> "host-passthrough";
            case HOST_MODEL -> "host-model";
            case NAMED -> cpu.model();
        };
    }

    String bootWords() {
        List<String> ids = new ArrayList<>();
        for (BootDevice device : bootOrder()) {
            if (device.enabled()) {
                ids.add(device.id());
            }
        }
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    static String diskWords(Element disk) {
        String bus = DomainDoc.attribute(DomainDoc.child(disk, "target"), "bus");
        String cache = DomainDoc.attribute(DomainDoc.child(disk, "driver"), "cache");
        return label(disk) + (bus == null ? "" : ", bus " + bus) + (cache == null ? "" : ", cache " + cache);
    }

    static String nicWords(Element nic) {
        String model = nicModel(nic);
        return label(nic) + (model == null ? "" : ", model " + model);
    }

    /** "512 MiB", "2 GiB", "1.5 GiB". */
    static String memory(long kib) {
        if (kib >= 1L << 20) {
            return number(kib / (double) (1L << 20)) + " GiB";
        }
        if (kib >= 1024) {
            return number(kib / 1024.0) + " MiB";
        }
        return kib + " KiB";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * What the inactive definition changes at the next boot, against the running VM's, in words; CPU
     * models are compared only where the live XML keeps the mode (libvirt expands host-model and the
     * default into a named model when it starts a VM).
     */
    static List<String> pending(DomainSettings live, DomainSettings next) {
        List<String> pending = new ArrayList<>();
        // Only the maximum: the running VM's current memory is what its balloon reports (a guest without a
        // balloon driver keeps all of it), while the next boot's memory up to that maximum is set live.
        if (live.maxMemoryKiB() != next.maxMemoryKiB()) {
            pending.add("Memory: " + live.memoryWords() + " → " + next.memoryWords());
        }
        if (live.vcpus() != next.vcpus() || live.maxVcpus() != next.maxVcpus()) {
            pending.add("vCPUs: " + live.vcpuWords() + " → " + next.vcpuWords());
        }
        CpuModel now = live.cpu();
        CpuModel then = next.cpu();
        boolean expanded = then.mode() == CpuModel.Mode.DEFAULT || then.mode() == CpuModel.Mode.HOST_MODEL;
        if (!now.equals(then) && !(expanded && now.mode() == CpuModel.Mode.NAMED)) {
            pending.add("CPU: " + cpuWords(now) + " → " + cpuWords(then));
        }
        if (!live.bootWords().equals(next.bootWords())) {
            pending.add("Boot order: " + live.bootWords() + " → " + next.bootWords());
        }
        if (live.firmware() != next.firmware()) {
            pending.add("Firmware: " + live.firmware() + " → " + next.firmware());
        }
        devices(pending, "Disk", words(live.doc.disks(), true), words(next.doc.disks(), true));
        devices(pending, "NIC", words(live.doc.interfaces(), false), words(next.doc.interfaces(), false));
        return pending;
    }

    private static Map<String, String> words(List<Element> devices, boolean disks) {
        Map<String, String> words = new java.util.LinkedHashMap<>();
        for (Element device : devices) {
            words.put(id(device), disks ? diskWords(device) : nicWords(device));
        }
        return words;
    }

    private static void devices(List<String> pending, String kind, Map<String, String> live, Map<String, String> next) {
        for (Map.Entry<String, String> device : live.entrySet()) {
            String then = next.get(device.getKey());
            if (then == null) {
                pending.add(kind + " removed: " + device.getValue());
            } else if (!then.equals(device.getValue())) {
                pending.add(kind + ": " + device.getValue() + " → " + then);
            }
        }
        for (Map.Entry<String, String> device : next.entrySet()) {
            if (!live.containsKey(device.getKey())) {
                pending.add(kind + " added: " + device.getValue());
            }
        }
    }

    private static long kib(Element element) {
        if (element == null) {
            return 0;
        }
        long value = Long.parseLong(element.getTextContent().trim());
        String unit = element.hasAttribute("unit") ? element.getAttribute("unit").toLowerCase(Locale.ROOT) : "kib";
        return value * UNITS.getOrDefault(unit, 1024L) / 1024;
    }
}
