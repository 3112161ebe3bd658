package dev.hangar.host.ui.nav;

import com.vaadin.flow.router.RouteParameters;
import dev.hangar.plugins.vm.VmRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a VM's details page lives: {@code /vm/<provider>/<connection>/<name>}. The connection is a
 * URI full of slashes and colons ({@code qemu:///system}), so it travels as unpadded base64url of its
 * UTF-8 bytes: no slash, no percent sign, nothing a proxy or the servlet container rewrites or
 * rejects. The provider and the name travel the same way when they hold anything but plain
 * letters, digits, '.', '_' and '-' (or only dots), marked by a leading '~' (a character base64url never yields),
 * so that typical addresses stay readable: {@code /vm/libvirt/cWVtdTovLy9zeXN0ZW0/web1}.
 */
public record VmAddress(String provider, String connection, String name) {
    static final String PROVIDER = "provider";
    static final String CONNECTION = "connection";
    static final String NAME = "name";
    /** The route template of the details page. */
    public static final String ROUTE = "vm/:" + PROVIDER + "/:" + CONNECTION + "/:" + NAME;
    /** The route template of the VM's console alone, for a window of its own. */
    public static final String CONSOLE_ROUTE = ROUTE + "/console";

    public static VmAddress of(VmRef ref) {
        return new VmAddress(ref.provider(), ref.connection(), ref.name());
    }

    public RouteParameters parameters() {
        return new RouteParameters(java.util.Map.of(PROVIDER, readable(provider), CONNECTION, encode(connection),
                NAME, readable(name)));
    }

    /** The path of the page, without a leading slash. */
    public String path() {
        return "vm/" + readable(provider) + "/" + encode(connection) + "/" + readable(name);
    }

    /** The path of the VM's console window, without a leading slash. */
    public String consolePath() {
        return path() + "/console";
    }

    /** The address in route parameters, or empty when they are not one of ours. */
    public static Optional<VmAddress> from(RouteParameters parameters) {
        try {
            String provider = parameters.get(PROVIDER).map(VmAddress::fromReadable).orElse(null);
            String connection = parameters.get(CONNECTION).map(VmAddress::decode).orElse(null);
            String name = parameters.get(NAME).map(VmAddress::fromReadable).orElse(null);
            if (provider == null || connection == null || name == null) {
                return Optional.empty();
            }
            return Optional.of(new VmAddress(provider, connection, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String readable(String text) {
        // A name of dots only would be read as "." or ".." path steps.
        return text.matches("[A-Za-z0-9._-]+") && !text.matches("\\.+") ? text : "~" + encode(text);
    }

    static String fromReadable(String segment) {
        return segment.startsWith("~") ? decode(segment.substring(1)) : segment;
    }

    static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }
}
