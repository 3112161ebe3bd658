package dev.hangar.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A provider option comes from the command line or the configuration file, never from both. */
class HostOptionsTest {

    private static HostOptions parsed(Path config, String... args) throws Exception {
        HostOptions options = new HostOptions();
        List<String> all = new java.util.ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        new CommandLine(options).parseArgs(all.toArray(String[]::new));
        options.readConfig();
        return options;
    }

    @Test
    void theCommandLineReplacesTheFilesValuesOfAnOptionInsteadOfComingFirst(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("hangar.conf"),
                "example-clusters = 2\nlibvirt-uri = test:///default\nlibvirt-uri = qemu:///system\n");

        HostOptions fromFile = parsed(config);
        assertEquals(List.of("2"), fromFile.option("example-clusters"));
        assertEquals(List.of("test:///default", "qemu:///system"), fromFile.option("libvirt-uri"));

        HostOptions overridden = parsed(config, "--option", "example-clusters=5", "--libvirt-uri", "qemu:///session");
        assertEquals(List.of("5"), overridden.option("example-clusters"));
        assertEquals(List.of("qemu:///session"), overridden.option("libvirt-uri"));
        assertEquals(List.of(), overridden.option("not-set"));
    }
}
