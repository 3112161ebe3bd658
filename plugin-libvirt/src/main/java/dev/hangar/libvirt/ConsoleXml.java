package dev.hangar.libvirt;

import dev.hangar.plugins.capability.ConsoleKind;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The console devices of a domain's XML: every {@code pty} serial port and text console, every VNC
 * and SPICE display. Ids come from the device's position, not from libvirt's aliases, so they are
 * the same whether the VM runs or not; the alias (live XML only) is what {@code virDomainOpenConsole}
 * is given.
 */
final class ConsoleXml {

    /**
     * One console device.
     *
     * @param id            "serial0", "console1", "vnc0", "vnc1", "spice0"
     * @param devName       the character device's alias for virDomainOpenConsole (null: graphics, or not running)
     * @param graphicsIndex the position among all {@code <graphics>}, virDomainOpenGraphicsFD's idx (-1: text)
     * @param listenType    graphics only: "address", "socket", "network", "none" (null when libvirt wrote none)
     * @param listen        graphics only: the address it listens on (null: none written)
     * @param port          graphics only: the TCP port, -1 when none was given yet
     */
    record Device(String id, ConsoleKind kind, String label, String devName, int graphicsIndex, String listenType,
                  String listen, int port, int tlsPort) {

        /** Whether the display accepts TCP connections on {@link #listen}:{@link #port}. */
        boolean listensOnTcp() {
            return port > 0 && (listenType == null || "address".equals(listenType) || "network".equals(listenType));
        }
    }

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private ConsoleXml() {
    }

    static List<Device> parse(String xml) throws XMLStreamException {
        return new Reader().read(xml);
    }

    /** Whether an address reaches only the machine it is on. */
    static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.toLowerCase(Locale.ROOT);
        return a.startsWith("127.") || a.equals("::1") || a.equals("localhost") || a.equals("[::1]");
    }

    /** Whether an address means "every interface": the host's own name must be used to reach it. */
    static boolean wildcard(String address) {
        return address == null || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    private static final class Reader {
        private final List<Device> text = new ArrayList<>();
        private final List<Device> graphics = new ArrayList<>();
        private int serials;
        private int consoles;
        /** Text consoles that are not the serial port's mirror, to tell a second one apart. */
        private int otherConsoles;
        private int graphicsCount;
        private int vncs;
        private int spices;

        // The character device being read.
        private String element;
        private boolean pty;
        private String alias;
        private String targetType;
        private String targetPort;
        private int index;

        // The graphics device being read.
        private String graphicsType;
        private String listenType;
        private String listen;
        private int port;
        private int tlsPort;

        List<Device> read(String xml) throws XMLStreamException {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            List<String> path = new ArrayList<>();
            try {
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        path.add(r.getLocalName());
                        start(String.join("/", path), r);
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        end(String.join("/", path));
                        path.remove(path.size() - 1);
                    }
                }
            } finally {
                r.close();
            }
            // Text consoles first: they show the boot and work without a graphics device.
            List<Device> all = new ArrayList<>(text);
            all.addAll(graphics);
            return all;
        }

        private void start(String at, XMLStreamReader r) {
            switch (at) {
                case "domain/devices/serial", "domain/devices/console" -> {
                    element = r.getLocalName();
                    index = "serial".equals(element) ? serials++ : consoles++;
                    pty = "pty".equals(attr(r, "type"));
                    alias = null;
                    targetType = null;
                    targetPort = null;
                }
                case "domain/devices/serial/target", "domain/devices/console/target" -> {
                    targetType = attr(r, "type");
                    targetPort = attr(r, "port");
                }
                case "domain/devices/serial/alias", "domain/devices/console/alias" -> alias = attr(r, "name");
                case "domain/devices/graphics" -> {
                    graphicsType = attr(r, "type");
                    listen = attr(r, "listen");
                    listenType = attr(r, "socket") != null ? "socket" : null;
                    port = number(attr(r, "port"));
                    tlsPort = number(attr(r, "tlsPort"));
                }
                case "domain/devices/graphics/listen" -> {
                    if (listenType == null) {
                        listenType = attr(r, "type");
                        if (attr(r, "address") != null) {
                            listen = attr(r, "address");
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void end(String at) {
            switch (at) {
                case "domain/devices/serial", "domain/devices/console" -> character();
                case "domain/devices/graphics" -> graphics();
                default -> {
                }
            }
        }

        private void character() {
            if (!pty) {
                return;
            }
            if ("console".equals(element) && (targetType == null || "serial".equals(targetType))) {
                // libvirt mirrors the first serial port as a console of target type serial: the same device.
                return;
            }
            String id = element + index;
            String label = "serial".equals(element)
                    ? "Serial console (ttyS" + (targetPort == null ? index : targetPort) + ")"
                    : "Console (" + targetType + (otherConsoles > 0 ? ", " + (otherConsoles + 1) : "") + ")";
            if (!"serial".equals(element)) {
                otherConsoles++;
            }
            text.add(new Device(id, ConsoleKind.SERIAL, label, alias, -1, null, null, -1, -1));
        }

        private void graphics() {
            int at = graphicsCount++;
            if ("vnc".equals(graphicsType)) {
                int n = vncs++;
                graphics.add(new Device("vnc" + n, ConsoleKind.VNC, "Graphical (VNC" + (n > 0 ? " " + (n + 1) : "") + ")",
                        null, at, listenType, listen, port, -1));
            } else if ("spice".equals(graphicsType)) {
                int n = spices++;
                graphics.add(new Device("spice" + n, ConsoleKind.SPICE,
                        "Graphical (SPICE" + (n > 0 ? " " + (n + 1) : "") + ")", null, at, listenType, listen, port,
                        tlsPort));
            }
        }

        private static int number(String value) {
            if (value == null) {
                return -1;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static String attr(XMLStreamReader reader, String name) {
            String value = reader.getAttributeValue(null, name);
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
