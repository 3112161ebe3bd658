package dev.hangar.host.osinfo;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * {@link OsDatabase} on libosinfo's own files ({@code osinfo-db}: {@code os/<vendor>/<os>.xml} and
 * {@code device/<vendor>/…xml} under one folder), read once with the JDK's StAX parser. Entries are
 * resolved at load time (inheritance, sizes, buses) and kept in search order, so a search is one pass
 * over about 800 prepared strings.
 */
public final class OsinfoDatabase implements OsDatabase {

    /** Where Debian's {@code osinfo-db} puts the database. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/osinfo");

    private static final System.Logger LOG = System.getLogger(OsinfoDatabase.class.getName());
    private static final long GIB = 1L << 30;
    private static final OsEntry GENERIC = new OsEntry(GENERIC_ID, GENERIC_ID, "Generic OS", "", "",
            2 * GIB / 1024, 2, 20 * GIB, 0, "virtio", "virtio", false);
    /** libosinfo's device names of virtio disks and NICs, legacy and 1.0. */
    private static final Set<String> VIRTIO_BLOCK = Set.of("virtio-block", "virtio1.0-block");
    private static final Set<String> VIRTIO_NET = Set.of("virtio-net", "virtio1.0-net");
    /** What virt-install assumes of an OS without an end-of-life date: supported for 5 years after its release. */
    private static final int ASSUMED_SUPPORT_YEARS = 5;

    /** Every entry and the generic one, in search order: not end-of-life first, newer releases first. */
    private final List<Indexed> ordered;
    private final Map<String, OsEntry> byId;

    private OsinfoDatabase(List<Indexed> read) {
        Map<String, OsEntry> ids = new HashMap<>();
        read.forEach(i -> ids.put(i.entry.id(), i.entry));
        ids.put(GENERIC_ID, GENERIC);
        this.byId = Map.copyOf(ids);
        List<Indexed> all = new ArrayList<>(read);
        // Found by search like the others ("generic", "gen os"), so that a dialog needs no special case.
        all.add(new Indexed(GENERIC, null, List.of(GENERIC_ID), "generic os generic"));
        all.sort(SEARCH_ORDER);
        this.ordered = List.copyOf(all);
    }

    /**
     * {@link #load} on a daemon thread of its own: reading the 790 files of Debian 12's database takes
     * 0.1-0.3 s of CPU, which a host's start need not wait for.
     */
    public static CompletableFuture<OsDatabase> loadInBackground(Path dir, Clock clock) {
        return CompletableFuture.supplyAsync(() -> load(dir, clock), task -> {
            Thread thread = new Thread(task, "hangar-osinfo");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * Reads the database under {@code dir}; without it (no {@code os} folder) the result has only
     * {@link #generic()}. A file that cannot be read or parsed is logged and skipped.
     *
     * @param clock what "end of life" is measured against
     */
    public static OsinfoDatabase load(Path dir, Clock clock) {
        Path osDir = dir.resolve("os");
        if (!Files.isDirectory(osDir)) {
            LOG.log(Level.WARNING, "no libosinfo database in {0} (Debian package osinfo-db): the create dialog "
                    + "offers only the generic OS", dir);
            return new OsinfoDatabase(List.of());
        }
        long began = System.nanoTime();
        Map<String, String> deviceNames = new HashMap<>();
        for (Path file : xmlFiles(dir.resolve("device"), Integer.MAX_VALUE)) {
            parse(file, reader -> readDevices(reader, deviceNames));
        }
        Map<String, Raw> raws = new LinkedHashMap<>();
        // os/<vendor>/<os>.xml only: the <os>.d/ folders beside them add installable drivers to the same ids.
        for (Path file : xmlFiles(osDir, 2)) {
            parse(file, reader -> readOses(reader, file, raws));
        }
        LocalDate today = LocalDate.now(clock);
        List<Indexed> entries = new ArrayList<>(raws.size());
        for (Raw raw : raws.values()) {
            entries.add(new Indexed(resolve(raw, raws, deviceNames, today), raw.releaseDate, raw.shortIds,
                    haystack(raw)));
        }
        LOG.log(Level.INFO, "read {0} operating systems from {1} in {2} ms", entries.size(), dir,
                (System.nanoTime() - began) / 1_000_000);
        return new OsinfoDatabase(entries);
    }

    @Override
    public List<OsEntry> search(String text, int limit) {
        String query = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        String[] words = query.isEmpty() ? new String[0] : query.split("\\s+");
        String joined = String.join("", words);
        List<OsEntry> exact = new ArrayList<>(1);
        List<OsEntry> found = new ArrayList<>();
        // All of them: an exact short id may come late in the order (about 50 µs for the 800).
        for (Indexed candidate : ordered) {
            if (!candidate.matches(words)) {
                continue;
            }
            // "win 10" and "win10" both name win10: that one comes first whatever its age.
            if (!joined.isEmpty() && candidate.shortIds.contains(joined)) {
                exact.add(candidate.entry);
            } else {
                found.add(candidate.entry);
            }
        }
        List<OsEntry> result = new ArrayList<>(exact);
        result.addAll(found);
        return List.copyOf(result.subList(0, Math.min(Math.max(limit, 0), result.size())));
    }

    @Override
    public Optional<OsEntry> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public OsEntry generic() {
        return GENERIC;
    }

    @Override
    public String suggestName(OsEntry os, Predicate<String> taken) {
        String base = os.shortId();
        if (!taken.test(base)) {
            return base;
        }
        // ends: a connection holds finitely many names
        for (int n = 2; ; n++) {
            String name = base + "-" + n;
            if (!taken.test(name)) {
                return name;
            }
        }
    }

    @Override
    public int size() {
        return ordered.size() - 1;
    }

    // ---- search order and matching

    private static final Comparator<Indexed> SEARCH_ORDER = Comparator
            .comparing((Indexed i) -> i.entry.eol())
            .thenComparing(i -> i.releaseDate, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(i -> i.entry.name());

    /** An entry with what search looks at: its release date, its short ids, and one lower-case text to match. */
    private record Indexed(OsEntry entry, LocalDate releaseDate, List<String> shortIds, String haystack) {
        boolean matches(String[] words) {
            for (String word : words) {
                if (!haystack.contains(word)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String haystack(Raw raw) {
        return String.join(" ", raw.name, String.join(" ", raw.shortIds), raw.vendor, raw.version)
                .toLowerCase(Locale.ROOT);
    }

    // ---- resolving an OS: its own values, else those of what it derives from or upgrades

    private static OsEntry resolve(Raw raw, Map<String, Raw> all, Map<String, String> deviceNames, LocalDate today) {
        List<Raw> chain = chain(raw, all);
        long recommendedRam = first(chain, Resources::recommendedRam);
        long minimumRam = first(chain, Resources::minimumRam);
        long recommendedCpus = first(chain, Resources::recommendedCpus);
        long minimumCpus = first(chain, Resources::minimumCpus);
        long recommendedStorage = first(chain, Resources::recommendedStorage);
        long minimumStorage = first(chain, Resources::minimumStorage);
        // The nearest OS that mentions a device decides (a derived OS may mark one supported="false").
        Map<String, Boolean> devices = new HashMap<>();
        for (Raw os : chain) {
            os.devices.forEach(devices::putIfAbsent);
        }
        Set<String> supported = new HashSet<>();
        devices.forEach((id, yes) -> {
            if (yes && deviceNames.containsKey(id)) {
                supported.add(deviceNames.get(id));
            }
        });
        // Never below the minimum: a recommendation may be inherited from an older release (Windows 10's
        // 2 GiB minimum over Vista's 1 GiB recommendation).
        long memoryBytes = recommendedRam > 0 ? Math.max(recommendedRam, minimumRam)
                : minimumRam > 0 ? minimumRam : GENERIC.memoryKiB() * 1024;
        // Few OSes recommend a vCPU count or a disk size; the generic one's, raised to the OS's minimum, stands in.
        int vcpus = (int) Math.max(recommendedCpus > 0 ? recommendedCpus : GENERIC.vcpus(), minimumCpus);
        long storage = Math.max(recommendedStorage > 0 ? recommendedStorage : GENERIC.storageBytes(), minimumStorage);
        return new OsEntry(raw.id, raw.shortIds.isEmpty() ? shortIdOf(raw.id) : raw.shortIds.get(0), raw.name,
                raw.vendor, raw.family, memoryBytes / 1024, vcpus, storage, minimumRam / 1024,
                supported.stream().anyMatch(VIRTIO_BLOCK::contains) ? "virtio" : "sata",
                supported.stream().anyMatch(VIRTIO_NET::contains) ? "virtio" : "e1000e",
                eol(raw, today));
    }

    /** The OS, then what it derives from (the closer relation), then what it upgrades, depth first, each once. */
    private static List<Raw> chain(Raw raw, Map<String, Raw> all) {
        List<Raw> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        walk(raw, all, chain, seen);
        return chain;
    }

    private static void walk(Raw raw, Map<String, Raw> all, List<Raw> chain, Set<String> seen) {
        if (!seen.add(raw.id)) {
            return;
        }
        chain.add(raw);
        for (String parent : Stream.concat(raw.derivesFrom.stream(), raw.upgrades.stream()).toList()) {
            Raw next = all.get(parent);
            if (next != null) {
                walk(next, all, chain, seen);
            }
        }
    }

    /** The first value of the chain's x86_64 resources, else of its "all" ones, OS by OS; 0 when none says. */
    private static long first(List<Raw> chain, ToLongFunction<Resources> field) {
        for (Raw os : chain) {
            for (String arch : List.of("x86_64", "all")) {
                Resources resources = os.resources.get(arch);
                if (resources != null && field.applyAsLong(resources) > 0) {
                    return field.applyAsLong(resources);
                }
            }
        }
        return 0;
    }

    private static boolean eol(Raw raw, LocalDate today) {
        if (raw.eolDate != null) {
            return raw.eolDate.isBefore(today);
        }
        return raw.releaseDate != null && raw.releaseDate.plusYears(ASSUMED_SUPPORT_YEARS).isBefore(today);
    }

    /** "http://example.org/os/1" → "os1", for the rare entry without a short id. */
    private static String shortIdOf(String id) {
        String[] parts = id.replaceFirst("^[a-z]+://[^/]*/", "").split("/");
        return String.join("", parts).replaceAll("[^A-Za-z0-9.]", "").toLowerCase(Locale.ROOT);
    }

    // ---- reading the XML

    private static final XMLInputFactory XML = xmlFactory();

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // The database needs neither: no DTDs, no external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private interface Body {
        void read(XMLStreamReader reader) throws XMLStreamException;
    }

    /** Reads one file; one that cannot be read or parsed is logged and left out. */
    private static void parse(Path file, Body body) {
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader reader = XML.createXMLStreamReader(in);
            try {
                body.read(reader);
            } finally {
                reader.close();
            }
        } catch (IOException | XMLStreamException | RuntimeException e) {
            LOG.log(Level.WARNING, "skipped libosinfo file {0}: {1}", file, e.getMessage());
        }
    }

    private static List<Path> xmlFiles(Path dir, int depth) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".xml") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list {0}: {1}", dir, e.getMessage());
            return List.of();
        }
    }

    /** The names of the device database's {@code <device id><name>…}, by id; a file broken half-way adds nothing. */
    private static void readDevices(XMLStreamReader reader, Map<String, String> all) throws XMLStreamException {
        Map<String, String> names = new HashMap<>();
        String id = null;
        int depth = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2) {
                    id = reader.getLocalName().equals("device") ? reader.getAttributeValue(null, "id") : null;
                } else if (depth == 3 && id != null && reader.getLocalName().equals("name") && !localized(reader)) {
                    names.put(id, reader.getElementText().strip());
                    depth--;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        all.putAll(names);
    }

    /**
     * The {@code <os>} elements of one file. Parsed completely before any is kept, so a file broken
     * half-way adds nothing.
     */
    private static void readOses(XMLStreamReader reader, Path file, Map<String, Raw> all) throws XMLStreamException {
        List<Raw> read = new ArrayList<>();
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("os")) {
                Raw os = readOs(reader);
                if (os != null) {
                    read.add(os);
                }
            }
        }
        for (Raw os : read) {
            if (all.putIfAbsent(os.id, os) != null) {
                LOG.log(Level.WARNING, "libosinfo file {0} repeats {1}; the first one is used", file, os.id);
            }
        }
    }

    /** One {@code <os>}, its direct children only (variants, media and trees have names of their own). */
    private static Raw readOs(XMLStreamReader reader) throws XMLStreamException {
        Raw os = new Raw(reader.getAttributeValue(null, "id"));
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (reader.getLocalName()) {
                case "short-id" -> os.shortIds.add(reader.getElementText().strip().toLowerCase(Locale.ROOT));
                case "name", "vendor" -> {
                    if (localized(reader)) {
                        skip(reader);
                    } else if (reader.getLocalName().equals("name")) {
                        os.name = reader.getElementText().strip();
                    } else {
                        os.vendor = reader.getElementText().strip();
                    }
                }
                case "version" -> os.version = reader.getElementText().strip();
                case "family" -> os.family = reader.getElementText().strip();
                case "release-date" -> os.releaseDate = date(reader.getElementText());
                case "eol-date" -> os.eolDate = date(reader.getElementText());
                case "derives-from", "upgrades" -> {
                    String parent = reader.getAttributeValue(null, "id");
                    if (parent != null) {
                        (reader.getLocalName().equals("upgrades") ? os.upgrades : os.derivesFrom).add(parent);
                    }
                    skip(reader);
                }
                case "resources" -> {
                    String arch = reader.getAttributeValue(null, "arch");
                    Resources resources = readResources(reader);
                    if (arch != null) {
                        os.resources.put(arch, resources);
                    }
                }
                case "devices" -> readDeviceList(reader, os.devices);
                default -> skip(reader);
            }
        }
        return os.id == null || os.name.isEmpty() ? null : os;
    }

    private static Resources readResources(XMLStreamReader reader) throws XMLStreamException {
        long[] minimum = {0, 0, 0};
        long[] recommended = {0, 0, 0};
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (reader.getLocalName()) {
                    case "minimum" -> readSizes(reader, minimum);
                    case "recommended" -> readSizes(reader, recommended);
                    default -> skip(reader);
                }
            }
        }
        return new Resources(minimum[0], minimum[1], minimum[2], recommended[0], recommended[1], recommended[2]);
    }

    /** ram, n-cpus, storage into {@code into}[0..2]; other sizes (cpu speed) are not used. */
    private static void readSizes(XMLStreamReader reader, long[] into) throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                int slot = switch (reader.getLocalName()) {
                    case "ram" -> 0;
                    case "n-cpus" -> 1;
                    case "storage" -> 2;
                    default -> -1;
                };
                String text = reader.getElementText().strip();
                if (slot >= 0) {
                    into[slot] = Long.parseLong(text);
                }
            }
        }
    }

    private static void readDeviceList(XMLStreamReader reader, Map<String, Boolean> devices) throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String id = reader.getAttributeValue(null, "id");
                if (reader.getLocalName().equals("device") && id != null) {
                    devices.put(id, !"false".equals(reader.getAttributeValue(null, "supported")));
                }
                skip(reader);
            }
        }
    }

    private static boolean localized(XMLStreamReader reader) {
        return reader.getAttributeValue(XMLConstants.XML_NS_URI, "lang") != null;
    }

    /** Skips the element the reader is at, children included. */
    private static void skip(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Sizes in bytes, counts in vCPUs; 0 where the file does not say. */
    private record Resources(long minimumRam, long minimumCpus, long minimumStorage,
                             long recommendedRam, long recommendedCpus, long recommendedStorage) {
    }

    /** One {@code <os>} as its file says, before inheritance. */
    private static final class Raw {
        final String id;
        final List<String> shortIds = new ArrayList<>();
        String name = "";
        String vendor = "";
        String version = "";
        String family = "";
        LocalDate releaseDate;
        LocalDate eolDate;
        final List<String> derivesFrom = new ArrayList<>();
        final List<String> upgrades = new ArrayList<>();
        final Map<String, Resources> resources = new HashMap<>();
        final Map<String, Boolean> devices = new HashMap<>();

        Raw(String id) {
            this.id = id;
        }
    }
}
