package dev.hangar.libvirt;

import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.create.Firmware;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.w3c.dom.Element;

/**
 * What a host allows a VM of a given type, machine and architecture: from libvirt's domain
 * capabilities (vCPU limit, CPU modes and named models, firmware) and the node's CPUs and memory.
 *
 * @param maxVcpus the most vCPUs a VM may have here: the hypervisor's limit, and no more than the
 *                 host's logical CPUs (Hangar does not overcommit one VM beyond its host)
 * @param hostCpus the host's logical CPUs
 */
record HostLimits(int maxVcpus, int hostCpus, long memoryKiB, Set<CpuModel.Mode> cpuModes, List<String> cpuModels,
                  Set<Firmware> firmware) {

    static HostLimits read(Connect connect, DomainDoc domain) throws LibvirtException {
        NodeInfo node = connect.nodeInfo();
        int cpus = node.cpus;
        String virttype = DomainDoc.attribute(domain.root, "type");
        Element type = DomainDoc.child(domain.os(), "type");
        String capabilities;
        try {
            capabilities = NativeConfig.domainCapabilities(connect, DomainDoc.attribute(type, "arch"),
                    DomainDoc.attribute(type, "machine"), virttype);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) != ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw e;
            }
            // The test driver has no domain capabilities: its own vCPU limit, no named models, BIOS.
            int limit = connect.getMaxVcpus(virttype);
            return new HostLimits(Math.min(limit > 0 ? limit : cpus, cpus), cpus, node.memory,
                    EnumSet.of(CpuModel.Mode.DEFAULT), List.of(), EnumSet.of(Firmware.BIOS));
        }
        return parse(capabilities, cpus, node.memory);
    }

    static HostLimits parse(String capabilities, int cpus, long memoryKiB) {
        DomainDoc doc = DomainDoc.parse(capabilities);
        int limit = cpus;
        String max = DomainDoc.attribute(DomainDoc.child(doc.root, "vcpu"), "max");
        if (max != null) {
            limit = Math.min(cpus, Integer.parseInt(max));
        }
        Set<CpuModel.Mode> modes = EnumSet.of(CpuModel.Mode.DEFAULT);
        List<String> models = new ArrayList<>();
        for (Element mode : DomainDoc.children(DomainDoc.child(doc.root, "cpu"), "mode")) {
            if (!"yes".equals(mode.getAttribute("supported"))) {
                continue;
            }
            switch (mode.getAttribute("name")) {
                case "host-passthrough" -> modes.add(CpuModel.Mode.HOST_PASSTHROUGH);
                case "host-model" -> modes.add(CpuModel.Mode.HOST_MODEL);
                case "custom" -> {
                    for (Element model : DomainDoc.children(mode, "model")) {
                        // "unknown" is the answer of a hypervisor that cannot tell; only "no" rules a model out.
                        if (!"no".equals(model.getAttribute("usable"))) {
                            models.add(model.getTextContent().trim());
                        }
                    }
                    if (!models.isEmpty()) {
                        modes.add(CpuModel.Mode.NAMED);
                    }
                }
                default -> {
                    // "maximum" and future modes are not offered.
                }
            }
        }
        Set<Firmware> firmware = EnumSet.of(Firmware.BIOS);
        Element os = DomainDoc.child(doc.root, "os");
        for (Element list : DomainDoc.children(os, "enum")) {
            if ("firmware".equals(list.getAttribute("name"))) {
                for (Element value : DomainDoc.children(list, "value")) {
                    if ("efi".equals(value.getTextContent().trim())) {
                        firmware.add(Firmware.UEFI);
                    }
                }
            }
        }
        return new HostLimits(limit, cpus, memoryKiB, modes, List.copyOf(models), firmware);
    }
}
