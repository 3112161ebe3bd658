package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmWarning;
import dev.hangar.testsupport.Waiting;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StorageVol;

/** Stats ticks and deletion with and without storage, on the demo host. */
class UsageAndDeleteTest {

    @Test
    void eachTickIsOneUsageActionCoveringEveryVmOfTheConnection() {
        try (Harness h = Harness.started(Harness.options(Harness.demoUri(), ProviderOptions.STATS_INTERVAL, "0.1"))) {
            VmRef backup = h.ref("backup");
            // Ticks may start before the first load; the store keeps usage of known VMs only.
            h.await("three stats ticks and usage in the store", s -> h.count(VmAction.UsageSampled.class) >= 3
                    && s.usage().containsKey(backup));
            List<VmAction.UsageSampled> ticks = h.all(VmAction.UsageSampled.class);
            for (VmAction.UsageSampled tick : ticks) {
                assertEquals(32, tick.usage().size(), "one action carries the whole connection");
            }
            VmUsage off = h.vms().usage().get(h.ref("backup"));
            assertEquals(0, off.cpuPercent());
            assertEquals(0, off.memoryUsedKiB());
            VmUsage running = h.vms().usage().get(h.ref("web-01"));
            assertFalse(running.cpuKnown(), "the test driver reports no cpu.time: unknown, not made up");
        }
    }

    @Test
    void beyondTheChunkSizeStatsComeInChunksAndMatchTheBulkCall() throws LibvirtException {
        try (Harness h = Harness.started(new LibvirtProvider(5, ProviderOptions.SYSTEM_SOCKET),
                Harness.options(Harness.demoUri(), ProviderOptions.STATS_INTERVAL, "0.1"))) {
            h.await("a stats tick", s -> h.count(VmAction.UsageSampled.class) >= 2);
            assertEquals(32, h.all(VmAction.UsageSampled.class).get(1).usage().size());

            LibvirtConnection connection = h.libvirt().connectionFor(Harness.demoUri());
            Set<String> bulk = new HashSet<>();
            Set<String> chunked = new HashSet<>();
            connection.withConnect(c -> {
                for (NativeLibvirt.StatsRecord r : NativeLibvirt.allDomainStats(c, NativeLibvirt.STATS_STATE)) {
                    bulk.add(r.uuid() + "=" + r.values().get("state.state"));
                }
                var domains = NativeLibvirt.listAllDomains(c);
                try {
                    for (NativeLibvirt.StatsRecord r : Stats.collect(c, domains, NativeLibvirt.STATS_STATE, 5,
                            NativeLibvirt.EVERY_PARAM)) {
                        chunked.add(r.uuid() + "=" + r.values().get("state.state"));
                    }
                } finally {
                    Handles.freeAll(domains);
                }
                return null;
            });
            assertEquals(32, bulk.size());
            assertEquals(bulk, chunked);
        }
    }

    @Test
    void deletingARunningVmWithoutDestroyIsRefusedAndNothingIsLost() throws LibvirtException {
        try (Harness h = Harness.started(Harness.options(Harness.demoUri()))) {
            VmRef db = h.ref("db-primary");
            Throwable refused = h.failureOf(h.provider.deleteVm(db, new DeleteOptions(false, List.of("vda", "vdb"))));
            assertEquals("VM 'db-primary' is running; it was not deleted. Force it off first, or choose to force it "
                    + "off while deleting.", refused.getMessage());
            assertEquals(VmStates.RUNNING, h.vm("db-primary").state());
            assertTrue(volumeExists(h, "/var/lib/libvirt/images/db-primary.qcow2"));

            Throwable unknown = h.failureOf(h.provider.deleteVm(db, new DeleteOptions(true, List.of("vdz"))));
            assertEquals("VM 'db-primary' has no disk vdz; nothing was deleted.", unknown.getMessage());
            assertEquals(VmStates.RUNNING, h.vm("db-primary").state());
        }
    }

    @Test
    void deleteWithDestroyRemovesTheVmAndExactlyTheChosenVolumes() throws LibvirtException {
        try (Harness h = Harness.started(Harness.options(Harness.demoUri()))) {
            h.run(h.provider.deleteVm(h.ref("db-primary"), new DeleteOptions(true, List.of("vdb"))));
            h.await("db-primary is gone", s -> !h.names().contains("db-primary"));
            assertFalse(volumeExists(h, "/var/lib/libvirt/images/db-primary-data1.qcow2"), "the chosen volume went");
            assertTrue(volumeExists(h, "/var/lib/libvirt/images/db-primary.qcow2"), "the other one stays");
            assertTrue(volumeExists(h, "/var/lib/libvirt/images/db-replica-data1.qcow2"), "other VMs' stay");
            assertEquals(31, h.vms().vms().size());
        }
    }

    @Test
    void deleteOfAShutOffVmKeepsItsStorageByDefault() throws LibvirtException {
        try (Harness h = Harness.started(Harness.options(Harness.demoUri()))) {
            h.run(h.provider.deleteVm(h.ref("backup"), DeleteOptions.KEEP_STORAGE));
            h.await("backup is gone", s -> !h.names().contains("backup"));
            assertTrue(volumeExists(h, "/var/lib/libvirt/images/backup.qcow2"));
            assertTrue(volumeExists(h, "/var/lib/libvirt/images/backup-data1.qcow2"));
        }
    }

    @Test
    void aVolumeRemovedBehindHangarsBackMakesTheDeleteAWarningNamingIt() throws LibvirtException {
        try (Harness h = Harness.started(Harness.options(Harness.demoUri()))) {
            String gone = "/var/lib/libvirt/images/backup.qcow2";
            h.libvirt().connectionFor(Harness.demoUri()).withConnect(c -> {
                StorageVol volume = c.storageVolLookupByPath(gone);
                try {
                    volume.delete(0);
                } finally {
                    Handles.free(volume);
                }
                return null;
            });
            Throwable result = h.failureOf(h.provider.deleteVm(h.ref("backup"), new DeleteOptions(false, List.of("vda", "vdb"))));
            assertInstanceOf(VmWarning.class, result, "the VM was deleted: that is no failure");
            assertEquals("VM 'backup' was deleted, but not all of its chosen storage: disk vda: there is no storage "
                    + "volume " + gone + " (it was deleted already, or it is not in any storage pool)", result.getMessage());
            h.await("backup is gone", s -> !h.names().contains("backup"));
            assertFalse(volumeExists(h, "/var/lib/libvirt/images/backup-data1.qcow2"), "the other chosen volume went");
            assertTrue(volumeExists(h, "/var/lib/libvirt/images/db-primary.qcow2"), "other VMs' volumes stay");
        }
    }

    @Test
    void badOptionsFailInitNamingTheOption() {
        LibvirtProvider provider = new LibvirtProvider();
        Throwable failure = assertThrows(AssertionError.class, () -> Harness.started(provider,
                Harness.options(Harness.demoUri(), ProviderOptions.STATS_INTERVAL, "often")));
        assertTrue(failure.getMessage().contains("The option libvirt-stats-interval must be a positive number of "
                + "seconds, not 'often'"), failure.getMessage());
    }

    @Test
    void afterCloseNoTickDispatchesAnyMore() {
        Harness h = Harness.started(Harness.options(Harness.demoUri(), ProviderOptions.STATS_INTERVAL, "0.05"));
        h.await("a tick", s -> h.count(VmAction.UsageSampled.class) >= 1);
        h.provider.close();
        long after = h.count(VmAction.UsageSampled.class);
        // Six tick intervals without a sample: Awaitility checks it all along, rather than once after a sleep.
        Waiting.await("no sample after close", Duration.ofSeconds(5)).during(Duration.ofMillis(300))
                .until(() -> h.count(VmAction.UsageSampled.class) == after);
        h.close();
    }

    private static boolean volumeExists(Harness h, String path) throws LibvirtException {
        return h.libvirt().connectionFor(Harness.demoUri()).withConnect(c -> {
            try {
                Handles.free(c.storageVolLookupByPath(path));
                return true;
            } catch (LibvirtException e) {
                assertEquals(ErrorNumber.VIR_ERR_NO_STORAGE_VOL, LibvirtErrors.code(e), LibvirtErrors.detail(e));
                return false;
            }
        });
    }

    @Test
    void theStateNamesFollowLibvirt() {
        assertEquals(VmStates.SHUT_OFF, VmReader.stateName(5));
        assertEquals(VmStates.IDLE, VmReader.stateName(2));
        assertEquals(VmStates.UNKNOWN, VmReader.stateName(42));
    }
}
