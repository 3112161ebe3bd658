package dev.hangar.host.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Adds one deflated entry of a huge size to a finished JAR, by rewriting the end of the zip: the new
 * entry's local header and data go where the central directory was, then the old directory plus the
 * new entry's record, then a new end record. (A JarOutputStream would have to deflate every byte.)
 */
final class ZipBomb {
    private static final int CHUNK = 1 << 20;

    private ZipBomb() {
    }

    static void append(Path jar, String name, long size) throws IOException {
        if (size % CHUNK != 0 || size >= 1L << 32) {
            throw new IllegalArgumentException("a whole number of MiB below 4 GiB");
        }
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'a');
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(chunk);
        byte[] once = drain(deflater, Deflater.FULL_FLUSH);
        deflater.finish();
        byte[] end = drain(deflater, Deflater.NO_FLUSH);
        deflater.end();
        long chunks = size / CHUNK;
        CRC32 crc = new CRC32();
        for (long i = 0; i < chunks; i++) {
            crc.update(chunk);
        }
        long compressed = once.length * chunks + end.length;

        byte[] zip = Files.readAllBytes(jar);
        ByteBuffer eocd = ByteBuffer.wrap(zip, zip.length - 22, 22).order(ByteOrder.LITTLE_ENDIAN);
        if (eocd.getInt() != 0x06054b50) {
            throw new IllegalStateException("the JAR has a comment or is no zip");
        }
        eocd.position(eocd.position() + 4);
        int entries = eocd.getShort() & 0xffff;
        eocd.getShort();
        int directorySize = eocd.getInt();
        int directoryOffset = eocd.getInt();
        byte[] directory = Arrays.copyOfRange(zip, directoryOffset, directoryOffset + directorySize);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);

        try (var out = Files.newOutputStream(jar)) {
            out.write(zip, 0, directoryOffset);
            long offset = directoryOffset;
            ByteBuffer local = ByteBuffer.allocate(30 + nameBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) 8)
                    .putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt((int) compressed).putInt((int) size)
                    .putShort((short) nameBytes.length).putShort((short) 0).put(nameBytes);
            out.write(local.array());
            for (long i = 0; i < chunks; i++) {
                out.write(once);
            }
            out.write(end);
            long newDirectoryOffset = offset + local.capacity() + compressed;
            out.write(directory);
            ByteBuffer central = ByteBuffer.allocate(46 + nameBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            central.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x0800)
                    .putShort((short) 8).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt((int) compressed).putInt((int) size)
                    .putShort((short) nameBytes.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset).put(nameBytes);
            out.write(central.array());
            ByteBuffer newEnd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            newEnd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                    .putShort((short) (entries + 1)).putShort((short) (entries + 1))
                    .putInt(directorySize + central.capacity()).putInt((int) newDirectoryOffset).putShort((short) 0);
            out.write(newEnd.array());
        }
    }

    private static byte[] drain(Deflater deflater, int flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 << 10];
        while (true) {
            int n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
            if (n < buffer.length && (flush != Deflater.NO_FLUSH || deflater.finished())) {
                return out.toByteArray();
            }
        }
    }
}
