package dev.hangar.host.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    private static List<String> diff(String before, String after) {
        return LineDiff.diff(before, after).stream().map(LineDiff.Line::toString).toList();
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    }

    @Test
    void aChangedLineShowsWithThreeLinesOfContextAndTheRestSkipped() {
        String before = lines(1, 20);
        String after = before.replace("line 10", "line ten");
        assertEquals(List.of("…", "  line 7", "  line 8", "  line 9", "- line 10", "+ line ten", "  line 11",
                "  line 12", "  line 13", "…"), diff(before, after));
    }

    @Test
    void addedAndRemovedLinesAreFoundInTheMiddle() {
        assertEquals(List.of("  a", "- b", "  c", "+ d", "  e"), diff("a\nb\nc\ne", "a\nc\nd\ne"));
        assertEquals(List.of("+ {", "+ }"), diff("", "{\n}"));
    }

    @Test
    void equalTextsHaveNoChangedLine() {
        assertEquals(List.of("…"), diff(lines(1, 50), lines(1, 50)));
    }

    @Test
    void aMiddleTooLargeToCompareIsSaidSo() {
        String before = IntStream.range(0, 2_100).mapToObj(i -> "a" + i).collect(Collectors.joining("\n"));
        String after = IntStream.range(0, 2_100).mapToObj(i -> "b" + i).collect(Collectors.joining("\n"));
        assertNull(LineDiff.diff(before, after));
    }
}
