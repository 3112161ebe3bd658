package dev.hangar.plugins.capability;

import dev.hangar.plugins.vm.VmRef;
import java.util.List;

/**
 * The consoles of a provider's VMs: graphical (VNC) and serial, opened by the host as byte streams
 * that it carries to the browser over its own authenticated websocket. The host checks who may open
 * a console, audits it, shares a serial console among the people watching it and bounds what it
 * buffers; the provider only says which consoles a VM has and opens a stream to one.
 *
 * <p>{@link #consoles} and {@link #open} are called like every capability method (a host thread,
 * the plugin call timeout): {@code open} returns once the stream is connected, not when the console
 * ends. The stream's own {@code read} and {@code write} are called on a host thread per console
 * session, without that timeout: a read blocks until the guest sends something (see
 * {@link ConsoleStream}). The provider's {@code close()} ends the streams it still has open.
 */
public interface Consoles extends Capability {

    /**
     * The consoles {@code vm} has now, in the order the VM page offers them (it opens the first one
     * that is available unless the user chose another before). A VM without any returns an empty list;
     * a console that exists but cannot be opened now (the VM is shut off) is listed with the reason.
     * The host asks whenever it shows a VM's consoles: answer from the engine's state now, cheaply.
     *
     * @throws Exception with a message for people when they cannot be read
     */
    List<Console> consoles(VmRef vm) throws Exception;

    /**
     * Opens a stream to one of {@link #consoles}: for {@link ConsoleKind#VNC} the RFB protocol from the
     * server's greeting on (the browser's VNC client speaks it, password prompt included), which the
     * host opens once per viewer; for {@link ConsoleKind#SERIAL} the device's raw bytes both ways, which
     * the host opens once and shares among the people watching it.
     *
     * @param consoleId  a {@link Console#id()} of this VM; an id it does not have, or one that is not
     *                   available now, fails with a message for people
     * @param takeOver   whether to take the console from another client that holds it (an engine that
     *                   allows one client per console, as libvirt's serial consoles do): that client is
     *                   disconnected and this stream opened
     * @throws ConsoleBusyException when another client holds the console and {@code takeOver} is false
     * @throws Exception            with a message for people when it cannot be opened
     */
    ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) throws Exception;

    /**
     * The contents of a remote-viewer ({@code .vv}) file for a {@link ConsoleKind#SPICE} console, which
     * browsers cannot show: the user downloads it and opens it with virt-viewer's remote-viewer
     * ({@code [virt-viewer]}, {@code type=spice}, {@code host=}, {@code port=}, …). It may carry a
     * password: the host hands it only to users who may open consoles.
     *
     * @throws UnsupportedOperationException for providers without SPICE consoles (the default)
     */
    default String remoteViewerFile(VmRef vm, String consoleId) throws Exception {
        throw new UnsupportedOperationException("this provider offers no SPICE console files");
    }
}
