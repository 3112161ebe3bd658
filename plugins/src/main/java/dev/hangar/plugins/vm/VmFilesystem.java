package dev.hangar.plugins.vm;

/**
 * A host directory (or other source) shared with the guest (libvirt's {@code <filesystem>}: virtiofs,
 * 9p). Optional parts are null when unknown.
 *
 * @param type       the source kind: {@code mount} (a host directory), {@code file}, {@code block}, {@code volume},
 *                   {@code ram}, {@code bind}, …
 * @param driver     how it is shared: {@code virtiofs}, {@code path}, {@code handle}, {@code loop}, …
 * @param source     what is shared: a host path, {@code pool/volume}, or the virtiofsd socket it connects to
 * @param target     the tag or path the guest mounts it by
 * @param accessMode {@code passthrough}, {@code mapped} or {@code squash}
 * @param readOnly   whether the guest cannot write it
 */
public record VmFilesystem(String type, String driver, String source, String target, String accessMode,
                           boolean readOnly) {
}
