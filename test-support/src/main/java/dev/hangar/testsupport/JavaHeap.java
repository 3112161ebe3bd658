package dev.hangar.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Java heap of another JVM of ours (a started {@code bin/hangar}), read with the JDK's {@code jcmd}. */
public final class JavaHeap {
    private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private JavaHeap() {
    }

    /** Its used heap in MiB right after a full collection: what it really keeps ({@code GC.run}, then {@code GC.heap_info}). */
    public static double liveMiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return usedMiB(pid);
    }

    /** Its used heap in MiB now, garbage included. */
    public static double usedMiB(long pid) throws IOException, InterruptedException {
        Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new AssertionError("jcmd " + pid + " GC.heap_info printed no heap use");
        }
        return Long.parseLong(used.group(2)) / 1024.0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            jcmd.destroyForcibly();
            throw new AssertionError("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
