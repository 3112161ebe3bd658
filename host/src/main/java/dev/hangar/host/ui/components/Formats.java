package dev.hangar.host.ui.components;

import java.util.Locale;

/** Numbers for people: sizes, percentages, and a dash where a value is unknown. */
public final class Formats {
    public static final String UNKNOWN = "—";
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

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
}
