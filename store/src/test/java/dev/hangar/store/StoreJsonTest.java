package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Boom;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

class StoreJsonTest {
    private final ObjectMapper reader = new ObjectMapper();

    /** A branch value with a nested record, a list and a persistent map, as real branches have. */
    record Host(String name, List<String> tags, Disk disk) {
    }

    record Disk(String target, Long capacity) {
    }

    @Test
    void theStateIsWrittenWithEveryBranch() throws Exception {
        try (DefaultStore store = Counting.store()) {
            PMap<String, Host> hosts = HashTreePMap.<String, Host>empty()
                    .plus("web1", new Host("web1", List.of("prod", "eu"), new Disk("vda", 21_474_836_480L)))
                    .plus("db1", new Host("db1", List.of(), new Disk("sda", null)));
            store.addReducer("hosts", (PMap<String, Host> s, Action a) -> s, hosts);
            store.addReducer("nothing", (String s, Action a) -> s, null);
            store.dispatch(new Add(42));

            JsonNode json = reader.readTree(new StoreJson().state(store));

            assertEquals(42, json.get("count").get("value").asLong());
            JsonNode web1 = json.get("hosts").get("web1");
            assertEquals("web1", web1.get("name").asText());
            assertEquals(List.of("prod", "eu"), List.of(web1.get("tags").get(0).asText(), web1.get("tags").get(1).asText()));
            assertEquals(21_474_836_480L, web1.get("disk").get("capacity").asLong());
            assertTrue(json.get("hosts").get("db1").get("disk").get("capacity").isNull());
            assertTrue(json.get("nothing").isNull());
            assertEquals(3, json.size());
        }
    }

    @Test
    void theRecentActionsAreWrittenWithTheirErrors() throws Exception {
        try (DefaultStore store = Counting.store()) {
            store.dispatch(new Add(7));
            assertThrows(ReducerException.class, () -> store.dispatch(new Boom("bad input")));

            JsonNode log = reader.readTree(new StoreJson().recentActions(store));

            assertEquals(3, log.size());
            assertEquals("BranchAdded", log.get(0).get("type").asText());
            assertEquals("count", log.get(0).get("action").get("name").asText());
            JsonNode add = log.get(1);
            assertEquals(2, add.get("sequence").asLong());
            assertEquals("Add", add.get("type").asText());
            assertEquals(7, add.get("action").get("amount").asLong());
            assertTrue(add.get("error").isNull());
            assertTrue(add.get("epochMillis").asLong() > 0);
            JsonNode boom = log.get(2);
            assertEquals("bad input", boom.get("action").get("why").asText());
            assertTrue(boom.get("error").asText().contains("bad input"), boom.toString());
        }
    }

    @Test
    void aGivenMapperIsCopiedNotChanged() throws Exception {
        ObjectMapper own = new ObjectMapper();
        try (DefaultStore store = Counting.store()) {
            String json = new StoreJson(own).state(store);
            assertTrue(json.contains("\n"), "indented");
            assertFalse(own.isEnabled(SerializationFeature.INDENT_OUTPUT));
            assertEquals(0, reader.readTree(json).get("count").get("value").asLong());
        }
    }

    /** A value that cannot be written: its getter throws. */
    public static final class Unwritable {
        public String getSecret() {
            throw new IllegalStateException("not now");
        }
    }

    @Test
    void aStateThatCannotBeWrittenFailsWithAClearMessage() {
        try (DefaultStore store = Counting.store()) {
            store.addReducer("odd", (Unwritable s, Action a) -> s, new Unwritable());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new StoreJson().state(store));
            assertTrue(e.getMessage().startsWith("cannot write the store as JSON: "), e.getMessage());
            assertTrue(e.getMessage().contains("not now"), e.getMessage());
        }
    }
}
