package dev.hangar.libvirt;

import dev.hangar.plugins.network.DhcpHost;
import dev.hangar.plugins.network.IpRange;
import dev.hangar.plugins.network.NetworkSpec;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/** A libvirt network's XML: read (what the Networks page shows) and written (a new network, a static host). */
final class NetworkXml {
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    /** What Hangar reads of a network's definition. */
    record Definition(String name, String forwardMode, String bridge, List<IpRange> ranges, List<DhcpHost> hosts) {
    }

    private NetworkXml() {
    }

    static Definition parse(String xml) throws XMLStreamException {
        XMLStreamReader r = DomainXml.newReader(new StringReader(xml));
        String name = null;
        String forward = "isolated";
        String bridge = null;
        List<IpRange> ranges = new ArrayList<>();
        List<DhcpHost> hosts = new ArrayList<>();
        Deque<String> path = new ArrayDeque<>();
        String family = null;
        String address = null;
        int prefix = -1;
        String start = null;
        String end = null;
        StringBuilder text = new StringBuilder();
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    path.addLast(r.getLocalName());
                    text.setLength(0);
                    switch (String.join("/", path)) {
                        case "network/forward" -> forward = nonEmpty(attr(r, "mode"), "nat");
                        case "network/bridge" -> bridge = attr(r, "name");
                        case "network/ip" -> {
                            family = nonEmpty(attr(r, "family"), "ipv4");
                            address = attr(r, "address");
                            String p = attr(r, "prefix");
                            String mask = attr(r, "netmask");
                            prefix = p != null ? Integer.parseInt(p.trim()) : mask != null ? Addresses.maskPrefix(mask)
                                    : family.equals("ipv6") ? 64 : 24;
                            start = null;
                            end = null;
                        }
                        case "network/ip/dhcp/range" -> {
                            if (start == null) {
                                start = attr(r, "start");
                                end = attr(r, "end");
                            }
                        }
                        case "network/ip/dhcp/host" -> {
                            String mac = attr(r, "mac");
                            String ip = attr(r, "ip");
                            if (mac != null && ip != null) {
                                hosts.add(new DhcpHost(mac, ip, attr(r, "name")));
                            }
                        }
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS) {
                    text.append(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String at = String.join("/", path);
                    if (at.equals("network/name")) {
                        name = text.toString().trim();
                    } else if (at.equals("network/ip") && address != null) {
                        ranges.add(new IpRange(family, address, prefix, start, end));
                    }
                    path.removeLast();
                }
            }
        } finally {
            r.close();
        }
        return new Definition(name, forward, bridge, ranges, hosts);
    }

    /** The definition of a new network, values escaped by the writer. */
    static String write(NetworkSpec spec) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
            w.writeStartElement("network");
            w.writeStartElement("name");
            w.writeCharacters(spec.name());
            w.writeEndElement();
            if (!spec.forwardMode().equals("isolated")) {
                w.writeEmptyElement("forward");
                w.writeAttribute("mode", spec.forwardMode());
                if (spec.forwardDevice() != null && !spec.forwardMode().equals("bridge")) {
                    w.writeAttribute("dev", spec.forwardDevice());
                }
            }
            if (spec.bridge() != null) {
                w.writeEmptyElement("bridge");
                w.writeAttribute("name", spec.bridge());
            }
            if (!spec.forwardMode().equals("bridge")) {
                for (IpRange range : new IpRange[]{spec.ipv4(), spec.ipv6()}) {
                    if (range != null) {
                        writeIp(w, range);
                    }
                }
            }
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write network XML", e);
        }
        return out.toString();
    }

    /** {@code <host mac='…' name='…' ip='…'/>}, as virNetworkUpdate's dhcp-host section takes it. */
    static String host(DhcpHost host) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
            w.writeEmptyElement("host");
            w.writeAttribute("mac", host.mac());
            if (host.name() != null && !host.name().isBlank()) {
                w.writeAttribute("name", host.name());
            }
            w.writeAttribute("ip", host.ip());
            w.writeEndDocument(); // closes the empty element; close() alone leaves it open
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write DHCP host XML", e);
        }
        return out.toString();
    }

    private static void writeIp(XMLStreamWriter w, IpRange range) throws XMLStreamException {
        w.writeStartElement("ip");
        if (range.family().equals("ipv6")) {
            w.writeAttribute("family", "ipv6");
        }
        w.writeAttribute("address", range.address());
        w.writeAttribute("prefix", Integer.toString(range.prefix()));
        if (range.dhcpStart() != null && range.dhcpEnd() != null) {
            w.writeStartElement("dhcp");
            w.writeEmptyElement("range");
            w.writeAttribute("start", range.dhcpStart());
            w.writeAttribute("end", range.dhcpEnd());
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private static String attr(XMLStreamReader r, String name) {
        return r.getAttributeValue(null, name);
    }

    private static String nonEmpty(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
