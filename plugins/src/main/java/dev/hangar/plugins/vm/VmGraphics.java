package dev.hangar.plugins.vm;

/**
 * A graphical console of a VM (libvirt's {@code <graphics>}), as a console client needs it.
 * Optional parts are null when unknown. The password itself is never part of the model.
 *
 * @param type        {@code vnc}, {@code spice}, {@code rdp}, {@code sdl}, {@code egl-headless}, {@code dbus}, …
 * @param listenType  how it listens: {@code address}, {@code network}, {@code socket} or {@code none}
 * @param listen      the listen address, or for {@code network} the network's name (and its address once running)
 * @param socket      the UNIX socket it listens on instead of a port
 * @param port        the TCP port; null while not yet assigned (autoport before the VM runs) or for a socket
 * @param tlsPort     SPICE's TLS port, when it has one
 * @param autoport    whether the host picks the port when the VM starts
 * @param passwordSet whether a password protects it; null when the provider cannot tell
 */
public record VmGraphics(String type, String listenType, String listen, String socket, Integer port, Integer tlsPort,
                         boolean autoport, Boolean passwordSet) {
}
