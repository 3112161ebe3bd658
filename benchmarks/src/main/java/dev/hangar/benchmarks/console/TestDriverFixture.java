package dev.hangar.benchmarks.console;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * A libvirt test-driver host of N domains ({@code test:///abs/path.xml}): each with a disk and a NIC,
 * in varied start states, like a busy real host. Nothing in Hangar knows these names.
 */
final class TestDriverFixture {
    /** Start states through {@code <test:runstate>}: 1 running, 2 idle, 3 paused, 5 shut off. */
    private static final int[] RUNSTATES = {1, 1, 1, 5, 5, 5, 3, 1, 5, 2};
    private static final String[] ROLES = {"web", "db", "cache", "build", "mail", "proxy", "queue", "batch"};

    private TestDriverFixture() {
    }

    /** {@code DIR N…}: writes the hosts of N domains into DIR and prints their URIs (for measurements by hand). */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: TestDriverFixture DIR N...");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            System.out.println(write(dir, Integer.parseInt(args[i])));
        }
    }

    static String name(int i) {
        return ROLES[i % ROLES.length] + String.format(Locale.ROOT, "-%05d", i);
    }

    /** Writes the fixture of {@code count} domains into {@code dir} and returns its test-driver URI. */
    static String write(Path dir, int count) throws IOException {
        Path file = dir.toAbsolutePath().resolve("test-host-" + count + ".xml");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n");
            for (int i = 0; i < count; i++) {
                domain(out, i);
            }
            out.write("</node>\n");
        }
        return "test://" + file;
    }

    private static void domain(BufferedWriter out, int i) throws IOException {
        String name = name(i);
        String uuid = UUID.nameUUIDFromBytes(("hangar-bench/" + name).getBytes(StandardCharsets.UTF_8)).toString();
        String mac = String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
        out.write(String.format(Locale.ROOT, """
                  <domain type='test'>
                    <name>%s</name>
                    <uuid>%s</uuid>
                    <memory unit='MiB'>%d</memory>
                    <currentMemory unit='MiB'>%d</currentMemory>
                    <vcpu>%d</vcpu>
                    <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
                    <devices>
                      <disk type='file' device='disk'>
                        <driver name='qemu' type='qcow2'/>
                        <source file='/var/lib/libvirt/images/%s.qcow2'/>
                        <target dev='vda' bus='virtio'/>
                      </disk>
                      <interface type='network'>
                        <source network='default'/>
                        <mac address='%s'/>
                        <model type='virtio'/>
                      </interface>
                    </devices>
                    <test:runstate>%d</test:runstate>
                  </domain>
                """, name, uuid, 512 << (i % 4), 512 << (i % 4), 1 + i % 4, name, mac,
                RUNSTATES[i % RUNSTATES.length]));
    }
}
