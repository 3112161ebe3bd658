package dev.hangar.libvirt;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Names of guest operating systems by libosinfo id ({@code http://debian.org/debian/11} → "Debian 11"),
 * from the osinfo database (package {@code osinfo-db}) when it is installed. Without it, or for an id
 * it does not know, the name is a readable form of the id. Never fails: an unreadable database entry
 * counts as missing.
 */
final class Osinfo {
    /** Where Debian's {@code osinfo-db} installs the database. */
    static final Path SYSTEM_DB = Path.of("/usr/share/osinfo");

    /** Ids come from VM definitions: only plain names may become file names, never {@code ..} or a separator. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]*");
    /** Distinct ids a host sees are few; a hostile stream of new ones is answered but not remembered. */
    private static final int CACHE_LIMIT = 10_000;

    private final Path root;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    /** Per vendor folder of the database ({@code os/debian.org}), every id it defines → its name. */
    private final Map<String, Map<String, String>> vendors = new ConcurrentHashMap<>();

    Osinfo(Path root) {
        this.root = root;
    }

    /** The operating system's name for people; null for a null id. */
    String name(String id) {
        if (id == null) {
            return null;
        }
        String known = names.get(id);
        if (known != null) {
            return known;
        }
        String name = lookUp(id);
        if (names.size() < CACHE_LIMIT) {
            names.put(id, name);
        }
        return name;
    }

    private String lookUp(String id) {
        List<String> parts = parts(id);
        if (parts == null) {
            return id;
        }
        String host = parts.get(0);
        List<String> path = parts.subList(1, parts.size());
        Path vendor = root.resolve("os").resolve(host);
        // osinfo-db names a file after the id's path (debian.org/debian-11.xml); others are found by reading the folder.
        Map<String, String> direct = read(vendor.resolve(String.join("-", path) + ".xml"));
        String name = direct.get(id);
        if (name == null && Files.isDirectory(vendor)) {
            // Only folders the database has are remembered, so made-up vendors cannot grow the map.
            name = vendors.computeIfAbsent(host, h -> readFolder(vendor)).get(id);
        }
        return name != null ? name : readable(path);
    }

    /** The id's host and path segments, or null when it is no http(s) URI of plain names. */
    private static List<String> parts(String id) {
        URI uri;
        try {
            uri = new URI(id);
        } catch (URISyntaxException e) {
            return null;
        }
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (host == null || path == null || !HOST.matcher(host).matches() || uri.getRawQuery() != null) {
            return null;
        }
        List<String> parts = new ArrayList<>(List.of(host.toLowerCase(Locale.ROOT)));
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!SEGMENT.matcher(segment).matches() || segment.startsWith("..")) {
                return null;
            }
            parts.add(segment);
        }
        return parts.size() > 1 ? parts : null;
    }

    /** {@code debian/11} → "Debian 11". */
    private static String readable(List<String> path) {
        String text = String.join(" ", path);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Map<String, String> readFolder(Path vendor) {
        Map<String, String> found = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(vendor, "*.xml")) {
            for (Path file : files) {
                found.putAll(read(file));
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable folder is a missing one: the names fall back to the ids.
        }
        return found;
    }

    /** The ids and names of the {@code <os>} entries of one database file; empty when it is missing or unreadable. */
    private static Map<String, String> read(Path file) {
        Map<String, String> found = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return found;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            XMLStreamReader r = DomainXml.newReader(in);
            try {
                String id = null;
                int depth = 0;
                int osDepth = -1;
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        if ("os".equals(r.getLocalName()) && osDepth < 0) {
                            id = r.getAttributeValue(null, "id");
                            osDepth = depth;
                        } else if ("name".equals(r.getLocalName()) && depth == osDepth + 1 && id != null
                                && r.getAttributeCount() == 0 && !found.containsKey(id)) {
                            // The untranslated name: translations carry xml:lang.
                            found.put(id, r.getElementText().trim());
                            depth--;
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        if (depth == osDepth) {
                            osDepth = -1;
                            id = null;
                        }
                        depth--;
                    }
                }
            } finally {
                r.close();
            }
        } catch (IOException | XMLStreamException | RuntimeException e) {
            return Map.of();
        }
        return found;
    }
}
