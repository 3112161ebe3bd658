package dev.hangar.libvirt;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A domain's XML as a tree to change and write back (DOM), for the changes libvirt has no call for
 * (CPU, boot order, firmware, a disk's bus) and for clones. {@link DomainXml} reads for display;
 * this keeps every element it does not touch as libvirt wrote it.
 */
final class DomainDoc {
    final Document document;
    final Element root;

    private DomainDoc(Document document) {
        this.document = document;
        this.root = document.getDocumentElement();
    }

    static DomainDoc parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Domain XML never needs a DTD; refusing them rules out entity tricks from a hostile definition.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return new DomainDoc(builder.parse(new InputSource(new StringReader(xml))));
        } catch (ParserConfigurationException | SAXException | java.io.IOException e) {
            throw new Storage.RefusedException("The VM's definition cannot be read: " + e.getMessage());
        }
    }

    String xml() {
        return xml(root);
    }

    static String xml(Element element) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
        }
    }

    Element devices() {
        Element devices = child(root, "devices");
        return devices == null ? append(root, "devices") : devices;
    }

    Element os() {
        Element os = child(root, "os");
        return os == null ? append(root, "os") : os;
    }

    List<Element> disks() {
        return children(devices(), "disk");
    }

    List<Element> interfaces() {
        return children(devices(), "interface");
    }

    /** The disk whose target is {@code dev}, or null. */
    Element disk(String dev) {
        for (Element disk : disks()) {
            if (dev.equals(attribute(child(disk, "target"), "dev"))) {
                return disk;
            }
        }
        return null;
    }

    /** The NIC with this MAC (case-insensitive), or null. */
    Element nic(String mac) {
        for (Element nic : interfaces()) {
            String own = attribute(child(nic, "mac"), "address");
            if (own != null && own.equalsIgnoreCase(mac)) {
                return nic;
            }
        }
        return null;
    }

    /** The text of a child element, or null. */
    String text(String name) {
        Element element = child(root, name);
        return element == null ? null : element.getTextContent();
    }

    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** An attribute's value, or null when the element or the attribute is missing. */
    static String attribute(Element element, String name) {
        if (element == null || !element.hasAttribute(name)) {
            return null;
        }
        return element.getAttribute(name);
    }

    static Element append(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElementNS(null, name);
        parent.appendChild(element);
        return element;
    }

    static void removeChildren(Element parent, String name) {
        for (Element element : children(parent, name)) {
            parent.removeChild(element);
        }
    }

    /** A device element parsed on its own, for attach/detach/update calls. */
    static Element element(String xml) {
        return parse(xml).root;
    }

    /** {@code element} copied into this document, for putting a device from elsewhere in. */
    Element adopt(Element element) {
        return (Element) document.importNode(element, true);
    }
}
