package dev.hangar.plugins.vm;

/**
 * One disk of a VM, as the provider reads it. Optional parts are null when unknown.
 *
 * @param target     the guest's name for it ({@code vda}, {@code sdb}); unique within the VM
 * @param device     {@code disk}, {@code cdrom}, {@code floppy}, {@code lun}
 * @param bus        {@code virtio}, {@code sata}, {@code scsi}, {@code ide}, {@code usb}, …
 * @param sourceType {@code file}, {@code block}, {@code volume}, {@code network}, {@code dir}; null when there is no source
 * @param source     a path, a device, {@code pool/volume}, or for a network disk a URI with every host, path
 *                   and query ({@code rbd://mon1:6789,mon2:6789/pool/image},
 *                   {@code nbd+unix:///export?socket=/run/nbd.sock}); null for an empty drive
 * @param format     the driver format ({@code qcow2}, {@code raw}, …)
 * @param capacity   bytes the guest sees, when known
 * @param allocation bytes used on the host, when known
 * @param readOnly   whether the guest cannot write it
 */
public record VmDisk(String target, String device, String bus, String sourceType, String source,
                     String format, Long capacity, Long allocation, boolean readOnly) {
}
