package dev.hangar.host.ui.components;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers for people: sizes, percentages, and a dash where a value is unknown. */
public final class Formats {
    public static final String UNKNOWN = "—";
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    /** Times are shown in the host's zone: the console is the host's. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** A size in bytes, in the largest binary unit that keeps it at or above 1 ("1.5 GiB"). */
    public static String bytes(Long bytes) {
        if (bytes == null || bytes < 0) {
            return UNKNOWN;
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) || unit == 0
                ? String.valueOf((long) Math.rint(value))
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + UNITS[unit];
    }

    /** A size in KiB, as the VM model keeps memory. */
    public static String kib(long kib) {
        return kib < 0 ? UNKNOWN : bytes(kib * 1024);
    }

    /** A percentage with one decimal ("12.5 %"), or a dash when negative (unknown). */
    public static String percent(double percent) {
        return percent < 0 ? UNKNOWN : String.format(Locale.ROOT, "%.1f %%", percent);
    }

    /** Text or a dash when there is none. */
    public static String orDash(String text) {
        return text == null || text.isBlank() ? UNKNOWN : text;
    }

    /** A time of day to the second ("14:05:09"), from epoch milliseconds. */
    public static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }

    /** A time of day to the minute ("14:05"), for chart axes. */
    public static String minute(long epochMs) {
        return MINUTE.format(Instant.ofEpochMilli(epochMs));
    }

    /** A date and time to the second ("2026-12-01 14:05:09"), or a dash when there is none. */
    public static String dateTime(Instant instant) {
        return instant == null ? UNKNOWN : DATE_TIME.format(instant);
    }
}
