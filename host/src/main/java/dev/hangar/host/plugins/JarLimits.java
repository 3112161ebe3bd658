package dev.hangar.host.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pf4j.PluginRuntimeException;

/**
 * What the host reads from a plugin JAR at most, checked before PF4J or a class loader opens it: a
 * JAR is a zip, and a small one can unpack to gigabytes (a 14 MB JAR whose extensions.idx unpacked
 * to 3 GiB once took a rescan 37 s and the host to 5 GB before an OutOfMemoryError). Entry sizes and
 * counts come from the zip's directory; the manifest and the extension index, which PF4J reads
 * whole, are also read here with a cap, so a directory that lies about them does not help either.
 */
record JarLimits(int entries, long entryBytes, long totalBytes, int manifestBytes, int indexBytes) {

    /** Far above any real plugin (the bundled ones: under 1,000 entries, the largest entry under 1 MiB). */
    static final JarLimits DEFAULT = new JarLimits(50_000, 64L << 20, 512L << 20, 64 << 10, 1 << 20);

    static final String MANIFEST = "META-INF/MANIFEST.MF";
    static final String INDEX = "META-INF/extensions.idx";

    /** Throws a {@link PluginRuntimeException} that says which limit the JAR exceeds. */
    void check(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.size() > entries) {
                throw refused("it has " + zip.size() + " entries, more than the " + entries + " the host accepts");
            }
            long total = 0;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                long size = entry.getSize();
                long cap = entry.getName().equalsIgnoreCase(MANIFEST) ? manifestBytes
                        : entry.getName().equals(INDEX) ? indexBytes : entryBytes;
                if (size > cap) {
                    throw refused("its " + entry.getName() + " unpacks to " + bytes(size) + ", more than the "
                            + bytes(cap) + " the host reads from " + (cap == entryBytes ? "one entry" : "it"));
                }
                total += Math.max(size, 0);
                if (total > totalBytes) {
                    throw refused("its entries unpack to more than " + bytes(totalBytes) + " in all");
                }
                if (cap != entryBytes) {
                    readAtMost(zip, entry, cap);
                }
            }
        } catch (IOException e) {
            throw new PluginRuntimeException("it is not a readable JAR: " + HangarPluginManager.inWords(e));
        }
    }

    /** Reads an entry PF4J will read whole, refusing it once it exceeds {@code cap} whatever its header says. */
    private static void readAtMost(ZipFile zip, ZipEntry entry, long cap) throws IOException {
        byte[] buffer = new byte[8192];
        long read = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
                if (read > cap) {
                    throw refused("its " + entry.getName() + " unpacks to more than the " + bytes(cap)
                            + " the host reads from it");
                }
            }
        }
    }

    private static PluginRuntimeException refused(String why) {
        return new PluginRuntimeException(why + " (a zip bomb?); it was not loaded");
    }

    /** "3.0 GiB", "64 MiB", "512 bytes". */
    static String bytes(long size) {
        if (size >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", size / (double) (1L << 30));
        }
        if (size >= 1L << 20) {
            return (size >> 20) + " MiB";
        }
        if (size >= 1L << 10) {
            return (size >> 10) + " KiB";
        }
        return size + " bytes";
    }
}
