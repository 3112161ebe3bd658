package dev.hangar.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A distribution tree on the network ({@code virt-install --location}): which of the known layouts it
 * has, and its installer's kernel and initrd, fetched over HTTP(S).
 */
final class InstallTree {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String DEBIAN = "debian-installer/amd64/";

    /**
     * Where a layout keeps its installer's kernel and initrd, relative to the tree's URL.
     *
     * @param repoArgument the kernel argument that names the tree as the install source, or null when
     *                     the installer finds its mirror by itself (Debian's asks)
     */
    record Layout(String name, String kernel, String initrd, String repoArgument) {
    }

    /** The layouts probed, in order; the first whose kernel is there wins. */
    static final List<Layout> LAYOUTS = List.of(
            // Fedora, RHEL, CentOS Stream, Rocky, Alma: .../os/
            new Layout("Fedora/RHEL", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img", "inst.repo="),
            // Debian and Ubuntu's netboot installer: .../dists/bookworm/, .../main/installer-amd64/, .../current/
            new Layout("Debian", "main/installer-amd64/current/images/netboot/" + DEBIAN + "linux",
                    "main/installer-amd64/current/images/netboot/" + DEBIAN + "initrd.gz", null),
            new Layout("Debian", "current/images/netboot/" + DEBIAN + "linux",
                    "current/images/netboot/" + DEBIAN + "initrd.gz", null),
            new Layout("Debian", "images/netboot/" + DEBIAN + "linux", "images/netboot/" + DEBIAN + "initrd.gz", null));

    /** A tree's installer: where its kernel and initrd are, and the command line that boots them. */
    record Found(Layout layout, URI kernel, URI initrd, String cmdline) {
    }

    /** One file being fetched: its bytes and their number. */
    record Download(InputStream body, long length) {
    }

    private final HttpClient client;

    InstallTree() {
        this(HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    InstallTree(HttpClient client) {
        this.client = client;
    }

    /** The tree's URL as a URI ending in '/', or why it is not one (for the dialog's field). */
    static URI base(String url) throws URISyntaxException {
        URI uri = new URI(url.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new URISyntaxException(url, "An install tree is an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new URISyntaxException(url, "An install tree URL names a host");
        }
        return url.trim().endsWith("/") ? uri : new URI(url.trim() + "/");
    }

    /** Finds the tree's layout by asking for each layout's kernel. */
    Found probe(String url) throws IOException, URISyntaxException, InterruptedException {
        URI base = base(url);
        for (Layout layout : LAYOUTS) {
            URI kernel = base.resolve(layout.kernel());
            if (exists(kernel)) {
                String cmdline = layout.repoArgument() == null ? null : layout.repoArgument() + base;
                return new Found(layout, kernel, base.resolve(layout.initrd()), cmdline);
            }
        }
        throw new IOException(base + " is not an install tree Hangar knows: none of "
                + LAYOUTS.stream().map(Layout::kernel).toList() + " is there");
    }

    /** Starts fetching {@code uri}; the server must say how long it is (the volume is made that big). */
    Download open(URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (length < 0) {
            response.body().close();
            throw new IOException(uri + " does not say how long it is (no Content-Length)");
        }
        return new Download(response.body(), length);
    }

    private boolean exists(URI uri) throws IOException, InterruptedException {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }
}
