package dev.hangar.plugins.create;

/**
 * A choice the provider refuses, naming the field the dialog shows it next to: a component of
 * {@link VmSpec} ({@code name}, {@code memoryKiB}, {@code vcpus}, {@code install}, {@code storage},
 * {@code network}, …), {@code userData} for a cloud-init seed, or null for the dialog as a whole.
 * The message is for people: "A VM named 'web1' exists on this connection".
 */
public class InvalidSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidSpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }
}
