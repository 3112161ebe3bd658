package dev.hangar.host.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** Branch states and actions as indented JSON, for the State inspector. */
public final class StoreJson {
    private final ObjectMapper mapper = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Sorted keys make the same state the same text, so a diff shows only what changed; keys that
            // cannot be sorted (a VmRef) keep the map's order, which for a hash map is the keys' hash order.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_ORDER_MAP_BY_INCOMPARABLE_KEY);

    /** The value (a branch's state, an action) as JSON. */
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + (value == null ? "null" : value.getClass().getSimpleName())
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
