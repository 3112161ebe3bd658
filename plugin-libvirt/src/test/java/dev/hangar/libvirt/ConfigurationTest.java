package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.configure.NicSpec;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.vm.VmRef;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.LibvirtException;

/**
 * Changes on the test driver ({@code configure-host.xml}), each checked in the definition libvirt
 * holds afterwards, not only in what the provider says; the refusals change nothing.
 */
class ConfigurationTest {
    private static final String OFF = "hangar-test-config-off";
    private static final String RUNNING = "hangar-test-config-running";
    private Harness h;

    @BeforeEach
    void start() {
        h = Harness.onFixture("/configure-host.xml");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private String inactiveXml(String name) throws LibvirtException {
        return h.libvirt().connectionFor(h.ref(name).connection()).withDomain(h.ref(name),
                domain -> domain.getXMLDesc(NativeConfig.XML_INACTIVE));
    }

    private DomainSettings definition(String name) throws LibvirtException {
        return new DomainSettings(DomainDoc.parse(inactiveXml(name)));
    }

    private Applied change(String name, VmChange change) {
        return h.run(h.libvirt().change(h.ref(name), change));
    }

    private String refusal(String name, VmChange change) {
        return h.failureOf(h.libvirt().change(h.ref(name), change)).getMessage();
    }

    @Test
    void settingsOfAShutOffVmComeFromItsDefinitionWithTheHostsLimits() throws Exception {
        VmSettings settings = h.libvirt().settings(h.ref(OFF));
        assertEquals(256 * 1024, settings.memoryKiB());
        assertEquals(512 * 1024, settings.maxMemoryKiB());
        assertEquals(1, settings.vcpus());
        assertEquals(2, settings.maxVcpus());
        assertEquals(new CpuModel(CpuModel.Mode.DEFAULT, null), settings.cpu());
        assertEquals(Firmware.BIOS, settings.firmware());
        assertEquals(List.of(
                new BootDevice("disk:sda", "CD-ROM sda (empty)", true),
                new BootDevice("disk:vda", "Disk vda (/var/lib/libvirt/images/hangar-test-config.qcow2)", true),
                new BootDevice("nic:52:54:00:c0:00:01", "NIC 52:54:00:c0:00:01 (network default)", false)),
                settings.bootOrder(), "<os><boot dev> read as libvirt does: the first CD-ROM, then the first disk");
        assertTrue(settings.changeable().containsAll(List.of(Setting.RENAME, Setting.MEMORY, Setting.BOOT_ORDER)));
        assertFalse(settings.changeable().contains(Setting.FIRMWARE), "the test driver offers BIOS only");
        assertEquals(List.of(), List.copyOf(settings.live()), "nothing is live on a shut-off VM");
        assertEquals(List.of(), settings.pending());
        assertTrue(settings.hostMemoryKiB() > 0 && settings.hostMaxVcpus() > 0, settings.toString());
    }

    @Test
    void aRunningVmCannotBeRenamedOrClonedButChangesLive() throws Exception {
        VmSettings settings = h.libvirt().settings(h.ref(RUNNING));
        assertFalse(settings.changeable().contains(Setting.RENAME));
        assertFalse(settings.changeable().contains(Setting.CLONE));
        assertTrue(settings.live().contains(Setting.MEMORY) && settings.live().contains(Setting.VCPUS));
        assertFalse(settings.live().contains(Setting.CPU));
    }

    @Test
    void memoryAndVcpusOfAShutOffVmChangeInItsDefinition() throws Exception {
        Applied memory = change(OFF, new VmChange.Memory(384 * 1024, 1024 * 1024));
        assertEquals(new Applied(false, true, "256 MiB, max 512 MiB", "384 MiB, max 1 GiB"), memory);
        assertEquals(384 * 1024, definition(OFF).memoryKiB());
        assertEquals(1024 * 1024, definition(OFF).maxMemoryKiB());

        Applied lower = change(OFF, new VmChange.Memory(128 * 1024, 256 * 1024));
        assertEquals("128 MiB, max 256 MiB", lower.after());
        assertEquals(128 * 1024, definition(OFF).memoryKiB(), "the maximum was lowered after the memory");

        int cpus = h.libvirt().settings(h.ref(OFF)).hostMaxVcpus();
        Applied vcpus = change(OFF, new VmChange.Vcpus(cpus, cpus));
        assertEquals(new Applied(false, true, "1 of max 2", cpus + " of max " + cpus), vcpus);
        assertEquals(cpus, definition(OFF).vcpus());
        assertEquals(cpus, definition(OFF).maxVcpus());
        assertEquals(cpus, h.vm(OFF).vcpus(), "the change dispatched the VM as libvirt has it now");
        assertEquals(256 * 1024, h.vm(OFF).maxMemoryKiB());
    }

    @Test
    void tooMuchMemoryTooManyVcpusAndBadCountsAreRefusedAndChangeNothing() throws Exception {
        String before = inactiveXml(OFF);
        VmSettings settings = h.libvirt().settings(h.ref(OFF));
        long tooMuch = settings.hostMemoryKiB() + 1024 * 1024;
        assertTrue(refusal(OFF, new VmChange.Memory(256 * 1024, tooMuch)).startsWith("The host has "),
                "memory above the host's");
        int many = settings.hostMaxVcpus() + 1;
        String vcpus = refusal(OFF, new VmChange.Vcpus(1, many));
        assertTrue(vcpus.endsWith(many + " vCPUs are too many.") || vcpus.endsWith(many + " are too many."), vcpus);
        assertEquals("3 vCPUs are more than the maximum of 2.", refusal(OFF, new VmChange.Vcpus(3, 2)));
        assertEquals("Memory (1 GiB) cannot be more than its maximum (512 MiB).",
                refusal(OFF, new VmChange.Memory(1024 * 1024, 512 * 1024)));
        assertEquals(before, inactiveXml(OFF));
    }

    @Test
    void renameOfAShutOffVmKeepsItsIdAndTheStoreHasOnlyTheNewName() throws Exception {
        VmRef old = h.ref(OFF);
        Applied applied = change(OFF, new VmChange.Rename("hangar-test-config-renamed"));
        assertEquals(new Applied(true, false, OFF, "hangar-test-config-renamed"), applied);
        VmRef renamed = h.ref("hangar-test-config-renamed");
        assertEquals(old.id(), renamed.id());
        assertFalse(h.names().contains(OFF), h.names().toString());
    }

    @Test
    void renameToATakenNameOrOfARunningVmOrToAnOddNameIsRefused() throws Exception {
        assertEquals("A VM named '" + RUNNING + "' exists already on this host; VM '" + OFF + "' keeps its name.",
                refusal(OFF, new VmChange.Rename(RUNNING)));
        assertEquals("VM '" + RUNNING + "' is running; rename it when it is shut off.",
                refusal(RUNNING, new VmChange.Rename("hangar-test-config-new")));
        assertEquals("A name cannot contain '/'.", refusal(OFF, new VmChange.Rename("a/b")));
        assertEquals("A VM needs a name.", refusal(OFF, new VmChange.Rename(" ")));
        assertTrue(h.names().contains(OFF) && h.names().contains(RUNNING), h.names().toString());
    }

    @Test
    void autostartDescriptionAndCpuChange() throws Exception {
        assertEquals(new Applied(true, false, "off", "on"), change(OFF, new VmChange.Autostart(true)));
        assertTrue(h.libvirt().settings(h.ref(OFF)).autostart());

        assertEquals(new Applied(false, false, "", "web <b>front</b>"),
                change(OFF, new VmChange.Description("web <b>front</b>")));
        assertEquals("web <b>front</b>", definition(OFF).description());
        change(OFF, new VmChange.Description(""));
        assertEquals("", definition(OFF).description());

        String refused = refusal(OFF, new VmChange.Cpu(new CpuModel(CpuModel.Mode.HOST_PASSTHROUGH, null)));
        assertEquals("This host's hypervisor does not offer the CPU host-passthrough.", refused);
    }

    @Test
    void bootOrderBecomesPerDeviceAndReplacesOsBoot() throws Exception {
        Applied applied = change(OFF, new VmChange.BootOrder(List.of("nic:52:54:00:c0:00:01", "disk:vda")));
        assertEquals(new Applied(false, true, "disk:sda, disk:vda", "nic:52:54:00:c0:00:01, disk:vda"), applied);
        String xml = inactiveXml(OFF);
        assertFalse(xml.contains("<boot dev="), xml);
        assertTrue(xml.matches("(?s).*<interface.*<boot order=.1./>.*</interface>.*"), xml);
        assertEquals(List.of(
                new BootDevice("nic:52:54:00:c0:00:01", "NIC 52:54:00:c0:00:01 (network default)", true),
                new BootDevice("disk:vda", "Disk vda (/var/lib/libvirt/images/hangar-test-config.qcow2)", true),
                new BootDevice("disk:sda", "CD-ROM sda (empty)", false)), definition(OFF).bootOrder());
        assertEquals("VM '" + OFF + "' has no bootable device disk:vdz.",
                refusal(OFF, new VmChange.BootOrder(List.of("disk:vdz"))));
    }

    @Test
    void aDisksBusAndCacheChangeForTheNextBootWithAFreeTargetOfTheNewBus() throws Exception {
        Applied applied = change(OFF, new VmChange.EditDisk("vda", "sata", "none"));
        String path = "/var/lib/libvirt/images/hangar-test-config.qcow2";
        assertEquals(new Applied(false, true, "Disk vda (" + path + "), bus virtio",
                "Disk sdb (" + path + "), bus sata, cache none"), applied, "sda is the CD-ROM's");
        String xml = inactiveXml(OFF);
        assertTrue(xml.contains("<target dev='sdb' bus='sata'/>"), xml);
        assertTrue(xml.contains("cache='none'"), xml);
        assertEquals("VM '" + OFF + "' has no disk vdz.", refusal(OFF, new VmChange.EditDisk("vdz", null, "none")));
    }

    @Test
    void aNicsModelAndMacChangeInTheDefinitionAndATakenMacIsRefused() throws Exception {
        Applied applied = change(OFF, new VmChange.EditNic("52:54:00:c0:00:01", null, "e1000e", "52:54:00:c0:00:99"));
        assertEquals(new Applied(false, true, "NIC 52:54:00:c0:00:01 (network default), model virtio",
                "NIC 52:54:00:c0:00:99 (network default), model e1000e"), applied);
        String xml = inactiveXml(OFF);
        assertTrue(xml.contains("<mac address='52:54:00:c0:00:99'/>") && xml.contains("<model type='e1000e'/>"), xml);
        assertEquals("The MAC address 52:54:00:c0:00:02 is used by a NIC on this host already.",
                refusal(OFF, new VmChange.EditNic("52:54:00:c0:00:99", null, null, "52:54:00:C0:00:02")));
    }

    @Test
    void whatTheTestDriverCannotDoIsNotOfferedAndFailsInWords() throws Exception {
        VmSettings settings = h.libvirt().settings(h.ref(OFF));
        for (Setting lacking : List.of(Setting.DISK_ADD, Setting.DISK_DETACH, Setting.MEDIA, Setting.NIC_ADD,
                Setting.NIC_LINK, Setting.CLONE)) {
            assertFalse(settings.changeable().contains(lacking), lacking.name());
        }
        assertTrue(settings.changeable().contains(Setting.DISK_EDIT));
        String message = refusal(OFF, new VmChange.AddNic(new NicSpec(new NetworkChoice.VirtualNetwork("default"),
                null, null)));
        assertTrue(message.startsWith("This hypervisor cannot add a NIC to VM '" + OFF + "': "), message);
        assertTrue(inactiveXml(OFF).split("<interface").length == 2, "still one NIC");
    }
}
