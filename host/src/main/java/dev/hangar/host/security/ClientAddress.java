package dev.hangar.host.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request: the direct peer's, unless that peer is a configured
 * trusted reverse proxy ({@code --trusted-proxy}); then the right-most address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy. Entries left of it were written by the
 * client or by proxies nobody vouches for, so they are never believed.
 */
public final class ClientAddress {
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    /** Only literal addresses: parsing them never asks DNS, whoever wrote them. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Set<String> trustedProxies;

    /** @param trustedProxies literal IPv4 or IPv6 addresses; see {@link #literal} */
    public ClientAddress(Collection<String> trustedProxies) {
        List<String> normalized = new ArrayList<>();
        for (String proxy : trustedProxies) {
            String address = literal(proxy);
            if (address == null) {
                throw new IllegalArgumentException("--trusted-proxy: '" + proxy + "' is not an IP address");
            }
            normalized.add(address);
        }
        this.trustedProxies = Set.copyOf(normalized);
    }

    /**
     * @param peer         the direct peer's address
     * @param forwardedFor the request's {@code X-Forwarded-For} headers in order (a proxy appends to the last)
     */
    public String of(String peer, List<String> forwardedFor) {
        String client = literal(peer);
        if (client == null) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0 && trustedProxies.contains(client); i--) {
            String hop = literal(hops.get(i));
            if (hop == null) {
                // A proxy we trust wrote something that is no address: the proxy is all we know.
                return client;
            }
            client = hop;
        }
        return client;
    }

    /** The address in its normal text form (so that {@code ::1} and {@code 0:0:0:0:0:0:0:1} are one), or null. */
    public static String literal(String text) {
        if (text == null) {
            return null;
        }
        String address = text.strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
