package dev.hangar.libvirt;

import dev.hangar.plugins.create.CloudInit;
import dev.hangar.plugins.create.InvalidSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A cloud-init NoCloud seed: {@code user-data} and {@code meta-data} on an ISO labelled {@code cidata},
 * made with {@code genisoimage} or {@code xorriso} in a temporary folder of this machine (the ISO is
 * then uploaded into a pool, so that it reaches a remote host too).
 */
final class CloudSeed {
    private static final List<List<String>> TOOLS = List.of(
            List.of("genisoimage", "-quiet", "-volid", "cidata", "-joliet", "-rock", "-output"),
            List.of("xorriso", "-as", "mkisofs", "-quiet", "-volid", "cidata", "-joliet", "-rock", "-output"));
    private static final long TOOL_SECONDS = 60;

    private CloudSeed() {
    }

    /** Refuses a seed whose user-data or meta-data is not YAML, naming the field ({@code userData}, {@code metaData}). */
    static void validate(CloudInit seed) throws InvalidSpecException {
        if (seed.userData() != null) {
            yaml("userData", "user-data", seed.userData());
        }
        if (seed.metaData() != null) {
            yaml("metaData", "meta-data", seed.metaData());
        }
    }

    private static void yaml(String field, String what, String text) throws InvalidSpecException {
        try {
            // SafeConstructor: plain data only, never a Java object named in the text.
            new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidSpecException(field, "The cloud-init " + what + " is not YAML: " + detail);
        }
    }

    /** The user-data: as given, or a {@code #cloud-config} for the user, password and SSH key chosen. */
    static String userData(CloudInit seed) {
        if (seed.userData() != null) {
            return seed.userData();
        }
        Map<String, Object> config = new LinkedHashMap<>();
        if (seed.user() != null) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("name", seed.user());
            user.put("sudo", "ALL=(ALL) NOPASSWD:ALL");
            user.put("shell", "/bin/bash");
            user.put("lock_passwd", seed.password() == null);
            if (seed.sshKey() != null) {
                user.put("ssh_authorized_keys", List.of(seed.sshKey()));
            }
            config.put("users", List.of("default", user));
            if (seed.password() != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", seed.user());
                entry.put("password", seed.password());
                entry.put("type", "text");
                config.put("chpasswd", Map.of("expire", false, "users", List.of(entry)));
                config.put("ssh_pwauth", true);
            }
        } else if (seed.sshKey() != null) {
            config.put("ssh_authorized_keys", List.of(seed.sshKey()));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "#cloud-config\n" + (config.isEmpty() ? "{}\n" : new Yaml(options).dump(config));
    }

    /** The meta-data: as given, or the VM's name as instance id and host name. */
    static String metaData(String vmName, CloudInit seed) {
        if (seed.metaData() != null) {
            return seed.metaData();
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("instance-id", vmName);
        meta.put("local-hostname", hostname(vmName));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(meta);
    }

    /** A VM name as a host name: letters, digits and dashes, at most 63. */
    static String hostname(String vmName) {
        String name = vmName.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+|-+$", "");
        name = name.isEmpty() ? "vm" : name;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Whether this machine can make a seed ISO; null when it can, else what to install. */
    static String missingTool() {
        for (List<String> tool : TOOLS) {
            if (onPath(tool.get(0))) {
                return null;
            }
        }
        return "Neither genisoimage nor xorriso is installed on the Hangar machine, so no cloud-init seed ISO can be"
                + " made (apt-get install genisoimage)";
    }

    /** Writes the seed ISO into {@code dir} and returns it. */
    static Path makeIso(Path dir, String userData, String metaData) throws IOException {
        Path user = Files.writeString(dir.resolve("user-data"), userData, StandardCharsets.UTF_8);
        Path meta = Files.writeString(dir.resolve("meta-data"), metaData, StandardCharsets.UTF_8);
        Path iso = dir.resolve("seed.iso");
        for (List<String> tool : TOOLS) {
            if (!onPath(tool.get(0))) {
                continue;
            }
            List<String> command = new ArrayList<>(tool);
            command.add(iso.toString());
            command.add(user.toString());
            command.add(meta.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!process.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(tool.get(0) + " did not finish within " + TOOL_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making the seed ISO", e);
            }
            if (process.exitValue() != 0) {
                throw new IOException(tool.get(0) + " failed (" + process.exitValue() + "): " + output.trim());
            }
            return iso;
        }
        throw new IOException(missingTool());
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
