package dev.hangar.libvirt;

import java.util.regex.Pattern;

/** How the UI names a libvirt connection, as Cockpit does, and which URIs serve demonstration data. */
final class ConnectionLabel {
    /** {@code test:…} and remote {@code test+transport:…} URIs. */
    private static final Pattern TEST_DRIVER = Pattern.compile("(?i)test(\\+[a-z0-9]+)?:.*");

    private ConnectionLabel() {
    }

    /**
     * @param embeddedDemo whether this is the demo host the provider installed itself; any test-driver
     *                     connection serves demonstration data, but only that one is labelled the demo
     */
    static String of(String uri, boolean embeddedDemo) {
        if (embeddedDemo) {
            return "Demo (libvirt test driver)";
        }
        if (testDriver(uri)) {
            // test:///abs/path.xml → its fixture file; test+tcp://… stays whole.
            return "Test driver (" + (uri.startsWith("test:///") ? uri.substring("test://".length()) : uri) + ")";
        }
        if ("qemu:///system".equals(uri)) {
            return "System";
        }
        if ("qemu:///session".equals(uri)) {
            return "Session";
        }
        return uri;
    }

    /** libvirt's test driver ({@code test:///default}, {@code test:///path/host.xml}): never a real host's VMs. */
    static boolean testDriver(String uri) {
        return TEST_DRIVER.matcher(uri).matches();
    }
}
