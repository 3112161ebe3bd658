package dev.hangar.plugins.create;

/**
 * A cloud-init NoCloud seed. With {@code userData} null the provider writes a {@code #cloud-config}
 * from {@code user}, {@code password} and {@code sshKey} (each null when not wanted); with
 * {@code userData} given it is used as it is and must be YAML (the provider refuses it, naming the
 * field {@code userData}, when it is not). {@code metaData} null: {@code instance-id} and
 * {@code local-hostname} from the VM's name.
 */
public record CloudInit(String user, String password, String sshKey, String userData, String metaData) {
}
