package dev.hangar.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** JSON snapshots of a store's state and of its recent actions, for debugging and inspection. */
public final class StoreJson {
    private final ObjectMapper mapper;

    public StoreJson() {
        this(new ObjectMapper());
    }

    /** Uses the given mapper, for example one with modules for a provider's own value types. */
    public StoreJson(ObjectMapper mapper) {
        this.mapper = mapper.copy()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public String state(Store store) {
        return write(store.getState());
    }

    public String recentActions(Store store) {
        return write(store.recentActions());
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the store as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
