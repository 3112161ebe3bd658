package dev.hangar.plugins.create;

/** A volume of a storage pool, to choose as an ISO, an image or an existing disk; {@code format} null when unknown. */
public record Volume(String pool, String name, String path, long capacityBytes, String format) {
}
