package dev.hangar.host.osinfo;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The guest operating systems the create dialog offers, from libosinfo's database ({@code osinfo-db},
 * plain XML under {@code /usr/share/osinfo}, read by the host itself). Without the database it still
 * offers {@link #generic()}.
 */
public interface OsDatabase {
    /** The id of the "generic" entry, the one offered when the OS is not in the database. */
    String GENERIC_ID = "generic";

    /**
     * The entries whose name, short id, vendor or version match {@code text} (case-insensitive, every
     * word of it), best first (an exact short id, then newer releases, end-of-life ones last), at most
     * {@code limit}; an empty text lists the newest releases.
     */
    List<OsEntry> search(String text, int limit);

    /** The entry of a libosinfo id (or {@link #GENERIC_ID}). */
    Optional<OsEntry> byId(String id);

    /** The generic entry: 2 GiB, 2 vCPUs, 20 GiB, virtio. */
    OsEntry generic();

    /** A name for a new VM of {@code os}: its short id, or with "-2", "-3", … while {@code taken} says so. */
    String suggestName(OsEntry os, Predicate<String> taken);

    /** How many entries it read (0 without the database), for the log and the About figures. */
    int size();
}
