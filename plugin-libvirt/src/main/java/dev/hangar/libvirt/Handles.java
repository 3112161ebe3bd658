package dev.hangar.libvirt;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Releasing libvirt objects at once. A {@code Domain} keeps its connection alive until it is
 * freed, so waiting for the finalizer leaks connections (and test-driver state between tests).
 */
final class Handles {
    private static final Logger LOG = System.getLogger(Handles.class.getName());

    private Handles() {
    }

    static void free(Object handle) {
        try {
            if (handle instanceof Domain d) {
                d.free();
            } else if (handle instanceof StorageVol v) {
                v.free();
            } else if (handle instanceof StoragePool p) {
                p.free();
            } else if (handle instanceof DomainSnapshot s) {
                s.free();
            }
        } catch (LibvirtException e) {
            LOG.log(Level.DEBUG, "freeing a libvirt object failed", e);
        }
    }

    static void freeAll(List<? extends Object> handles) {
        for (Object handle : handles) {
            free(handle);
        }
    }
}
