package dev.hangar.plugins.vm;

/**
 * A device of the host passed through to the VM (libvirt's {@code <hostdev>}: USB, PCI, SCSI,
 * mediated devices). Optional parts are null when unknown.
 *
 * @param type    {@code usb}, {@code pci}, {@code scsi}, {@code scsi_host}, {@code mdev}, {@code storage}, …
 * @param mode    {@code subsystem} or {@code capabilities}
 * @param managed whether the host detaches it from its own driver while the VM uses it
 * @param vendor  the USB vendor id ({@code 0x046d})
 * @param product the USB product id ({@code 0xc52b})
 * @param address where it sits on the host: USB {@code bus 1 device 4}, PCI {@code 0000:06:02.0},
 *                SCSI {@code scsi_host0 0:0:0}, a mediated device's UUID, a block device's path
 */
public record VmHostDevice(String type, String mode, boolean managed, String vendor, String product,
                           String address) {
}
