package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java and XML block of PLUGIN_GUIDE.md is a tagged region of this module ({@code tag::name[]}
 * to {@code end::name[]}, marker lines left out, common indentation removed), so the guide shows
 * code that compiles and runs.
 */
class GuideSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\S+)#(\\S+) -->\\n```\\w+\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CODE_BLOCK = Pattern.compile("```(java|xml)\\n");

    @Test
    void everySnippetEqualsItsTaggedRegion() throws IOException {
        String guide = Files.readString(ROOT.resolve("PLUGIN_GUIDE.md"));
        Matcher snippet = SNIPPET.matcher(guide);
        int count = 0;
        while (snippet.find()) {
            count++;
            Path source = ROOT.resolve(snippet.group(1));
            assertTrue(source.startsWith(ROOT.resolve("plugin-example")), "snippets come from plugin-example: " + source);
            assertEquals(region(source, snippet.group(2)), snippet.group(3),
                    "PLUGIN_GUIDE.md's snippet " + snippet.group(1) + "#" + snippet.group(2) + " differs from the source");
        }
        assertEquals(count, countCodeBlocks(guide), "every java and xml block of the guide is a snippet");
        assertTrue(count >= 10, "the guide shows the contract: " + count + " snippets");
    }

    private static int countCodeBlocks(String guide) {
        Matcher block = CODE_BLOCK.matcher(guide);
        int blocks = 0;
        while (block.find()) {
            blocks++;
        }
        return blocks;
    }

    /** The lines between the tag's markers, without nested markers and without their common indentation. */
    static String region(Path source, String tag) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int start = index(lines, "tag::" + tag + "[]", source);
        int end = index(lines, "end::" + tag + "[]", source);
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(start + 1, end)) {
            if (!line.contains("tag::") && !line.contains("end::")) {
                body.add(line);
            }
        }
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String line : body) {
            out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        }
        return String.join("\n", out);
    }

    private static int index(List<String> lines, String marker, Path source) {
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                if (found >= 0) {
                    throw new AssertionError(marker + " appears twice in " + source);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new AssertionError("no " + marker + " in " + source);
        }
        return found;
    }
}
