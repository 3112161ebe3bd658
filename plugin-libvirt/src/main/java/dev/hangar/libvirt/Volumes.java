package dev.hangar.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;

/**
 * Volumes one piece of work makes (a new VM's disk, a clone's copies, a seed ISO, a fetched kernel):
 * made empty or as a byte copy of a volume or file, with progress and cancel, and removed again —
 * only those, never a volume this ledger did not make — when the work fails or is cancelled.
 *
 * <p>A copy streams the source through this process ({@code virStorageVolDownload} into
 * {@code virStorageVolUpload}, 256 KiB chunks), not {@code virStorageVolCreateXMLFrom}: that one call
 * gives no progress and cannot be interrupted, and it works only between pools of one host, while a
 * stream works for a file on the host, reports every chunk and stops at the next one when cancelled.
 * The copy is a byte copy: a qcow2 stays qcow2 (its header travels with the bytes, and the pool is
 * refreshed so that libvirt reads it), a sparse raw image is copied in full.
 *
 * <p>Not thread-safe: one piece of work, one ledger.
 */
final class Volumes {
    /** Big enough that the per-call cost vanishes, small enough that a cancel is seen at once. */
    static final int CHUNK = 256 * 1024;

    private static final Pattern LOCAL_URI = Pattern.compile("(?i)[a-z0-9]+(\\+unix)?:///.*");
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    /** A volume this ledger made, by pool and name, with the key libvirt gave it (so that a namesake made later is not taken for it). */
    record Made(String pool, String name, String path, String key) {
    }

    /** How far a copy is: {@code done} of {@code total} bytes. */
    @FunctionalInterface
    interface Progress {
        void copied(long done, long total);
    }

    /** A cancel that a copy sees at its next chunk; set from any thread (a task's cancel hook). */
    static final class Cancel {
        private volatile boolean cancelled;

        void cancel() {
            cancelled = true;
        }

        boolean cancelled() {
            return cancelled;
        }
    }

    private final List<Made> made = new ArrayList<>();

    /** What this ledger made and has not removed, oldest first. */
    List<Made> made() {
        return List.copyOf(made);
    }

    /**
     * Makes an empty volume ({@code format} qcow2 or raw; raw ones are sparse) of {@code capacityBytes}.
     *
     * @throws LibvirtException as libvirt refuses it (the name exists, no room, no such pool)
     */
    Made create(Connect connect, String pool, String name, long capacityBytes, String format) throws LibvirtException {
        requireFormat(format);
        StoragePool p = connect.storagePoolLookupByName(pool);
        try {
            return track(pool, p.storageVolCreateXML(volumeXml(name, capacityBytes, format), 0));
        } finally {
            Handles.free(p);
        }
    }

    /**
     * Copies {@code sourcePath} — a volume of any pool, or (with {@code localFiles}) a file of this
     * machine that no pool holds — byte for byte into a new volume {@code name} of {@code pool}. A
     * cancel or failure removes the new volume before this throws.
     *
     * @param localFiles whether the connection's host is this machine, so that a file may be read directly
     * @throws CancellationException when {@code cancel} was set
     */
    Made copy(Connect connect, String sourcePath, String pool, String name, boolean localFiles, Progress progress,
              Cancel cancel) throws LibvirtException, IOException {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancel, "cancel");
        StorageVol source = sourceVolume(connect, sourcePath);
        try {
            if (source == null && !(localFiles && Files.isRegularFile(Path.of(sourcePath)))) {
                throw new IOException(sourcePath + " is neither a storage volume nor "
                        + (localFiles ? "a file on the host" : "in a storage pool (the host is remote, so only pool volumes can be read)"));
            }
            long length = source != null ? physicalBytes(source) : Files.size(Path.of(sourcePath));
            // Raw of the source's length: the upload then leaves exactly the source's bytes, whatever their format.
            Made target = create(connect, pool, name, Math.max(length, 1), "raw");
            try {
                StorageVol vol = lookup(connect, target);
                try {
                    if (source != null) {
                        streamVolume(connect, source, vol, length, progress, cancel);
                    } else {
                        try (InputStream in = Files.newInputStream(Path.of(sourcePath))) {
                            streamIn(connect, in, sourcePath, vol, length, progress, cancel);
                        }
                    }
                } finally {
                    Handles.free(vol);
                }
                refresh(connect, pool);
                return target;
            } catch (LibvirtException | IOException | RuntimeException e) {
                remove(connect, target);
                throw e;
            }
        } finally {
            Handles.free(source);
        }
    }

    /**
     * Makes a new raw volume of exactly {@code length} bytes from {@code in} (a download, a seed ISO).
     * A cancel or failure removes it before this throws.
     *
     * @param what names the data in messages ("http://…/linux")
     */
    Made upload(Connect connect, InputStream in, String what, long length, String pool, String name, Progress progress,
                Cancel cancel) throws LibvirtException, IOException {
        Made target = create(connect, pool, name, Math.max(length, 1), "raw");
        try {
            StorageVol vol = lookup(connect, target);
            try {
                streamIn(connect, in, what, vol, length, progress, cancel);
            } finally {
                Handles.free(vol);
            }
            refresh(connect, pool);
            return target;
        } catch (LibvirtException | IOException | RuntimeException e) {
            remove(connect, target);
            throw e;
        }
    }

    /** Grows a volume this ledger made to {@code capacityBytes} (a cloud image to its disk's size). */
    void grow(Connect connect, Made volume, long capacityBytes) throws LibvirtException {
        if (!made.contains(volume)) {
            throw new IllegalArgumentException("volume " + volume.pool() + "/" + volume.name() + " was not made here");
        }
        StorageVol vol = lookup(connect, volume);
        try {
            if (vol.getInfo().capacity < capacityBytes) {
                vol.resize(capacityBytes, 0);
            }
        } finally {
            Handles.free(vol);
        }
    }

    /** The format libvirt sees in a volume ({@code qcow2}, {@code raw}, {@code iso}), or null. */
    static String format(Connect connect, String path) throws LibvirtException {
        StorageVol vol = connect.storageVolLookupByPath(path);
        try {
            String xml = vol.getXMLDesc(0);
            int at = xml.indexOf("<format type='");
            if (at < 0) {
                return null;
            }
            int start = at + "<format type='".length();
            return xml.substring(start, xml.indexOf('\'', start));
        } finally {
            Handles.free(vol);
        }
    }

    /** Removes a volume this ledger made; refuses any other. */
    void delete(Connect connect, Made volume) throws LibvirtException {
        if (!made.contains(volume)) {
            throw new IllegalArgumentException("volume " + volume.pool() + "/" + volume.name()
                    + " was not made here; it is not deleted");
        }
        StorageVol vol;
        try {
            vol = lookup(connect, volume);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                made.remove(volume);
                return;
            }
            throw e;
        }
        try {
            if (!volume.key().equals(vol.getKey())) {
                // Ours went and another took its name: that one is not ours to delete.
                made.remove(volume);
                return;
            }
            vol.delete(0);
            made.remove(volume);
        } finally {
            Handles.free(vol);
        }
    }

    /**
     * Removes everything this ledger made, newest first; returns what could not go, one line per
     * volume ("default/web1.qcow2: …"), empty when all went.
     */
    List<String> deleteAll(Connect connect) {
        List<String> problems = new ArrayList<>();
        List<Made> newestFirst = new ArrayList<>(made);
        java.util.Collections.reverse(newestFirst);
        for (Made volume : newestFirst) {
            try {
                delete(connect, volume);
            } catch (LibvirtException | RuntimeException e) {
                problems.add(volume.pool() + "/" + volume.name() + ": "
                        + (e instanceof LibvirtException le ? LibvirtErrors.detail(le) : e.getMessage()));
            }
        }
        return problems;
    }

    /** The bytes free in {@code pool} now (refreshed first, so a file written beside libvirt counts). */
    static long availableBytes(Connect connect, String pool) throws LibvirtException {
        StoragePool p = connect.storagePoolLookupByName(pool);
        try {
            try {
                p.refresh(0);
            } catch (LibvirtException e) {
                // A pool busy with a volume being built refuses a refresh: its last figures will do.
            }
            return p.getInfo().available;
        } finally {
            Handles.free(p);
        }
    }

    /** Whether a connection URI names this machine ({@code qemu:///system}), so its files are ours to read. */
    static boolean localHost(String uri) {
        return LOCAL_URI.matcher(uri).matches();
    }

    /** The {@code <volume>} XML of a new volume, every value escaped. */
    static String volumeXml(String name, long capacityBytes, String format) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
            w.writeStartElement("volume");
            w.writeStartElement("name");
            w.writeCharacters(name);
            w.writeEndElement();
            w.writeStartElement("capacity");
            w.writeAttribute("unit", "bytes");
            w.writeCharacters(Long.toString(capacityBytes));
            w.writeEndElement();
            w.writeStartElement("allocation");
            w.writeAttribute("unit", "bytes");
            w.writeCharacters("0");
            w.writeEndElement();
            w.writeStartElement("target");
            w.writeEmptyElement("format");
            w.writeAttribute("type", format);
            w.writeEndElement();
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing volume XML", e);
        }
        return out.toString();
    }

    private Made track(String pool, StorageVol vol) throws LibvirtException {
        try {
            Made volume = new Made(pool, vol.getName(), vol.getPath(), vol.getKey());
            made.add(volume);
            return volume;
        } finally {
            Handles.free(vol);
        }
    }

    /** Removes a partial copy; a failure to do so is added to what the caller throws, never hides it. */
    private void remove(Connect connect, Made volume) {
        try {
            delete(connect, volume);
        } catch (LibvirtException | RuntimeException e) {
            System.getLogger(Volumes.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot remove the partial copy " + volume.path() + ": " + e.getMessage());
        }
    }

    private static void streamVolume(Connect connect, StorageVol source, StorageVol target, long length,
                                     Progress progress, Cancel cancel) throws LibvirtException {
        Stream in = connect.streamNew(0);
        Stream out = connect.streamNew(0);
        boolean done = false;
        try {
            source.download(in, 0, length, 0);
            target.upload(out, 0, length, 0);
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            long copied = 0;
            progress.copied(0, length);
            while (true) {
                checkCancel(cancel);
                buffer.clear();
                // read() finishes the download stream itself when it reaches the end (-1).
                int n = receive(in, buffer);
                if (n < 0) {
                    break;
                }
                buffer.flip();
                send(out, buffer);
                copied += n;
                progress.copied(Math.min(copied, length), length);
            }
            if (copied != length) {
                throw new IllegalStateException("the source volume gave " + copied + " bytes, not its " + length
                        + " (it changed during the copy)");
            }
            out.finish();
            done = true;
        } finally {
            if (!done) {
                abort(in);
                abort(out);
            }
            free(in);
            free(out);
        }
    }

    private static void streamIn(Connect connect, InputStream in, String what, StorageVol target, long length,
                                 Progress progress, Cancel cancel) throws LibvirtException, IOException {
        Stream out = connect.streamNew(0);
        boolean done = false;
        try {
            target.upload(out, 0, length, 0);
            byte[] chunk = new byte[CHUNK];
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            long copied = 0;
            progress.copied(0, length);
            while (copied < length) {
                checkCancel(cancel);
                int n = in.readNBytes(chunk, 0, (int) Math.min(CHUNK, length - copied));
                if (n <= 0) {
                    throw new IOException(what + " ended after " + copied + " of " + length + " bytes");
                }
                buffer.clear();
                buffer.put(chunk, 0, n);
                buffer.flip();
                send(out, buffer);
                copied += n;
                progress.copied(copied, length);
            }
            out.finish();
            done = true;
        } finally {
            if (!done) {
                abort(out);
            }
            free(out);
        }
    }

    private static int receive(Stream in, ByteBuffer buffer) throws LibvirtException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            if (e.getCause() instanceof LibvirtException le) {
                throw le;
            }
            throw new IllegalStateException("reading the source volume: " + e.getMessage(), e);
        }
    }

    private static void send(Stream out, ByteBuffer buffer) throws LibvirtException {
        while (buffer.hasRemaining()) {
            try {
                out.write(buffer);
            } catch (IOException e) {
                if (e.getCause() instanceof LibvirtException le) {
                    throw le;
                }
                throw new IllegalStateException("writing to the volume: " + e.getMessage(), e);
            }
        }
    }

    private static void checkCancel(Cancel cancel) {
        if (cancel.cancelled()) {
            throw new CancellationException("The copy was cancelled");
        }
    }

    private static StorageVol sourceVolume(Connect connect, String path) throws LibvirtException {
        try {
            return connect.storageVolLookupByPath(path);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                return null;
            }
            throw e;
        }
    }

    private static StorageVol lookup(Connect connect, Made volume) throws LibvirtException {
        StoragePool p = connect.storagePoolLookupByName(volume.pool());
        try {
            return p.storageVolLookupByName(volume.name());
        } finally {
            Handles.free(p);
        }
    }

    private static void refresh(Connect connect, String pool) throws LibvirtException {
        StoragePool p = connect.storagePoolLookupByName(pool);
        try {
            p.refresh(0);
        } finally {
            Handles.free(p);
        }
    }

    /** The bytes a download of the volume yields: its file's size ({@code <physical>}), else its allocation. */
    static long physicalBytes(StorageVol vol) throws LibvirtException {
        String xml = vol.getXMLDesc(0);
        try {
            XMLStreamReader r = DomainXml.newReader(new StringReader(xml));
            try {
                int depth = 0;
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        if (depth == 2 && "physical".equals(r.getLocalName())) {
                            return bytes(r.getAttributeValue(null, "unit"), Long.parseLong(r.getElementText().trim()));
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | NumberFormatException e) {
            // Fall back to libvirt's allocation below.
        }
        return vol.getInfo().allocation;
    }

    private static long bytes(String unit, long value) {
        if (unit == null || "bytes".equals(unit) || "B".equals(unit)) {
            return value;
        }
        throw new NumberFormatException("unit " + unit);
    }

    private static void requireFormat(String format) {
        if (!"qcow2".equals(format) && !"raw".equals(format)) {
            throw new IllegalArgumentException("a new volume is qcow2 or raw, not " + format);
        }
    }

    private static void abort(Stream stream) {
        try {
            stream.abort();
        } catch (LibvirtException e) {
            // Aborted by libvirt already (the other side failed).
        }
    }

    private static void free(Stream stream) {
        try {
            stream.free();
        } catch (LibvirtException e) {
            // Freed with its connection.
        }
    }
}
