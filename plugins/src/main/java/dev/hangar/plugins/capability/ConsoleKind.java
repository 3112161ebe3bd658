package dev.hangar.plugins.capability;

/** How a {@link Console} is shown. */
public enum ConsoleKind {
    /** A graphical console spoken in RFB, shown by the browser's VNC client; one stream per viewer. */
    VNC,
    /** A text console (a serial port, a virtio console), shown in a terminal; one stream the host shares among its viewers. */
    SERIAL,
    /** A SPICE display: not shown in the browser, offered as a remote-viewer file ({@link Consoles#remoteViewerFile}). */
    SPICE
}
