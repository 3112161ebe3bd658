package dev.hangar.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    void aBranchStateIsWrittenWholeWithItsKeysInOrder() throws Exception {
        PMap<String, Host> hosts = HashTreePMap.<String, Host>empty()
                .plus("web1", new Host("web1", List.of("prod", "eu"), new Disk("vda", 21_474_836_480L)))
                .plus("db1", new Host("db1", List.of(), new Disk("sda", null)));

        String text = new StoreJson().write(hosts);

        JsonNode json = reader.readTree(text);
        JsonNode web1 = json.get("web1");
        assertEquals("web1", web1.get("name").asText());
        assertEquals(List.of("prod", "eu"), List.of(web1.get("tags").get(0).asText(), web1.get("tags").get(1).asText()));
        assertEquals(21_474_836_480L, web1.get("disk").get("capacity").asLong());
        assertTrue(json.get("db1").get("disk").get("capacity").isNull());
        // Sorted keys: the same state is the same text, so a diff shows only what changed.
        assertTrue(text.indexOf("\"db1\"") < text.indexOf("\"web1\""), text);
        assertEquals("null", new StoreJson().write(null));
    }

    /** A map key that cannot be sorted, as the VMs branch's references are. */
    record Ref(String name) {
    }

    @Test
    void aMapWhoseKeysCannotBeSortedIsWrittenAsItIs() throws Exception {
        PMap<Ref, Disk> disks = HashTreePMap.<Ref, Disk>empty().plus(new Ref("b"), new Disk("vdb", 2L))
                .plus(new Ref("a"), new Disk("vda", 1L));
        JsonNode json = reader.readTree(new StoreJson().write(disks));
        assertEquals(2, json.size());
        assertEquals("vda", json.get("Ref[name=a]").get("target").asText());
    }

    /** A value that cannot be written: its getter throws. */
    public static final class Unwritable {
        public String getSecret() {
            throw new IllegalStateException("not now");
        }
    }

    @Test
    void aStateThatCannotBeWrittenFailsWithAClearMessage() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new StoreJson().write(new Unwritable()));
        assertTrue(e.getMessage().startsWith("cannot write Unwritable as JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains("not now"), e.getMessage());
    }
}
