package dev.hangar.host.ui.inspector;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines that differ between two texts (a branch's JSON before and after an action), with a few
 * lines of context: what a reducer did, as {@code diff -u} would show it.
 */
final class LineDiff {
    /** Whether a line was kept, removed or added. */
    enum Kind { SAME, REMOVED, ADDED, SKIPPED }

    record Line(Kind kind, String text) {
        @Override
        public String toString() {
            return switch (kind) {
                case SAME -> "  " + text;
                case REMOVED -> "- " + text;
                case ADDED -> "+ " + text;
                case SKIPPED -> "…";
            };
        }
    }

    static final int CONTEXT = 3;
    /** Beyond this many cells (changed lines before × after) the table would be too large to build. */
    static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    /**
     * The diff of the two texts, or null when their differing middle is too large to compare
     * ({@link #MAX_CELLS}). Equal lines at both ends are trimmed first, so one changed VM among
     * thousands compares only the lines around it.
     */
    static List<Line> diff(String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        int start = 0;
        while (start < a.length && start < b.length && a[start].equals(b[start])) {
            start++;
        }
        int endA = a.length;
        int endB = b.length;
        while (endA > start && endB > start && a[endA - 1].equals(b[endB - 1])) {
            endA--;
            endB--;
        }
        int n = endA - start;
        int m = endB - start;
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            return null;
        }
        // Longest common subsequence of the middles, from the end, so the walk below runs forwards.
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[start + i].equals(b[start + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> all = new ArrayList<>();
        for (int i = 0; i < start; i++) {
            all.add(new Line(Kind.SAME, a[i]));
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[start + i].equals(b[start + j])) {
                all.add(new Line(Kind.SAME, a[start + i]));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                all.add(new Line(Kind.REMOVED, a[start + i]));
                i++;
            } else {
                all.add(new Line(Kind.ADDED, b[start + j]));
                j++;
            }
        }
        for (int k = endA; k < a.length; k++) {
            all.add(new Line(Kind.SAME, a[k]));
        }
        return withContext(all);
    }

    /** The text's lines; none for an empty text (a branch that did not exist). */
    private static String[] lines(String text) {
        return text.isEmpty() ? new String[0] : text.split("\n", -1);
    }

    /** Keeps changed lines and {@link #CONTEXT} lines around each; a run of others becomes one SKIPPED. */
    private static List<Line> withContext(List<Line> all) {
        boolean[] keep = new boolean[all.size()];
        for (int k = 0; k < all.size(); k++) {
            if (all.get(k).kind() != Kind.SAME) {
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(all.size() - 1, k + CONTEXT); c++) {
                    keep[c] = true;
                }
            }
        }
        List<Line> shown = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            if (keep[k]) {
                shown.add(all.get(k));
            } else if (shown.isEmpty() || shown.get(shown.size() - 1).kind() != Kind.SKIPPED) {
                shown.add(new Line(Kind.SKIPPED, ""));
            }
        }
        return shown;
    }
}
