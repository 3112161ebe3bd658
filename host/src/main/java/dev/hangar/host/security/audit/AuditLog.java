package dev.hangar.host.security.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The audit log: one JSON object per line, only ever appended to (the file is opened in append mode
 * for each entry, never truncated or rewritten).
 */
public final class AuditLog {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one entry; synchronized so that lines from many threads never interleave. An option value
     * that JSON cannot take (a plugin's object) is written as its string form, so the entry is never lost.
     */
    public synchronized void append(AuditEntry entry) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] line = (json(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file, e);
        }
    }

    private static String json(AuditEntry entry) throws JsonProcessingException {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            return JSON.writeValueAsString(new AuditEntry(entry.time(), entry.user(), entry.role(), entry.address(),
                    entry.target(), entry.verb(), asText(entry.options()), entry.result(), entry.message()));
        }
    }

    /**
     * The options as the audit can always write them: each name and value as its string form (a null
     * too), in their order; none for a null map.
     */
    public static Map<String, Object> asText(Map<?, ?> options) {
        Map<String, Object> text = new LinkedHashMap<>();
        if (options != null) {
            options.forEach((key, value) -> text.put(String.valueOf(key), String.valueOf(value)));
        }
        return text;
    }

    /** The last {@code limit} entries, oldest first; lines that are not valid entries are skipped. */
    public List<AuditEntry> last(int limit) {
        if (!Files.exists(file)) {
            return List.of();
        }
        Deque<AuditEntry> tail = new ArrayDeque<>(limit);
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                AuditEntry entry = parse(line);
                if (entry != null) {
                    if (tail.size() == limit) {
                        tail.removeFirst();
                    }
                    tail.addLast(entry);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return new ArrayList<>(tail);
    }

    private static AuditEntry parse(String line) {
        try {
            return JSON.readValue(line, AuditEntry.class);
        } catch (IOException e) {
            return null;
        }
    }
}
