package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.testkit.TestProviderContext;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example's snapshots through the provider, as the host calls them, on the plugin test kit. */
class ExampleSnapshotsTest {
    private static final long MIB = 1024;
    private final TestProviderContext context = TestProviderContext.builder(ExampleProvider.NAME)
            .option("example-transition-ms", "100").option("example-migration-interval-seconds", "0").build();
    private final ExampleProvider provider = new ExampleProvider();

    @BeforeEach
    void activate() {
        context.activate(provider);
    }

    @AfterEach
    void close() {
        provider.close();
        context.close();
    }

    @Test
    void aRevertRestoresTheMachinesStatusAndDefinition() throws Exception {
        Vm web3 = context.vm("web-3");
        assertEquals(VmStates.SHUT_OFF, web3.state());
        SnapshotList none = provider.snapshots(web3.ref());
        assertEquals(List.of(), none.snapshots());
        assertNull(none.unsupported());
        assertFalse(none.memory(), "a simulated machine has no guest memory to keep");

        assertEquals("Took snapshot 'base' of machine 'web-3'",
                context.run(provider.takeSnapshot(web3.ref(), new SnapshotSpec("base", "2 GiB, down", false))));
        context.run(provider.change(web3.ref(), new VmChange.Memory(4096 * MIB, 4096 * MIB)));
        context.run(provider.takeSnapshot(web3.ref(), new SnapshotSpec("bigger", "", false)));
        List<Snapshot> tree = provider.snapshots(web3.ref()).snapshots();
        assertEquals(List.of("base", "bigger"), tree.stream().map(Snapshot::name).toList());
        assertEquals("base", tree.get(1).parent());
        assertTrue(tree.get(1).current());

        assertTrue(context.run(provider.revertToSnapshot(web3.ref(), "base")).startsWith("Reverted machine 'web-3' to snapshot 'base'"));
        assertEquals(2048 * MIB, context.vm("web-3").memoryKiB(), "the reverted machine dispatched before the thunk completed");
        assertTrue(provider.snapshots(web3.ref()).snapshots().get(0).current());

        String refusal = context.failureOf(provider.takeSnapshot(web3.ref(), new SnapshotSpec("base", "", false))).getMessage();
        assertEquals("Machine 'web-3' has a snapshot named 'base'", refusal);
        context.run(provider.deleteSnapshot(web3.ref(), "base", true));
        assertEquals(List.of(), provider.snapshots(web3.ref()).snapshots());
    }
}
