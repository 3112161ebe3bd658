package dev.hangar.host.ui.consoles;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.streams.DownloadEvent;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.vm.VmRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The download of a SPICE console's remote-viewer ({@code .vv}) file, which browsers cannot show.
 * The file says where the console is (remote-viewer asks for a password if there is one): it is made
 * on each download, for a user whose role may open consoles, through the provider's {@link Consoles#remoteViewerFile} on a
 * plugin thread, and audited like every action.
 */
final class SpiceFile {
    static final String VERB = "console_file";
    private final ProviderRegistry providers;
    private final Gatekeeper gatekeeper;

    SpiceFile(ProviderRegistry providers, Gatekeeper gatekeeper) {
        this.providers = providers;
        this.gatekeeper = gatekeeper;
    }

    Anchor anchor(VmRef vm, Console console) {
        Anchor link = new Anchor(event -> download(event, vm, console.id()), "Download the remote-viewer file (.vv)");
        link.addClassName("console-spice-file");
        return link;
    }

    private void download(DownloadEvent event, VmRef vm, String consoleId) throws IOException {
        Actor actor = actor(event.getSession());
        String contents;
        try {
            contents = gatekeeper.perform(actor, Permission.CONSOLE, VmCommands.target(vm), VERB,
                    "download the remote-viewer file of VM '" + vm.name() + "'", Map.of("console", consoleId),
                    () -> providers.call(vm.provider(), Consoles.class, "remote-viewer file of VM " + vm.name(),
                            capability -> capability.remoteViewerFile(vm, consoleId)))
                    .toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            event.getResponse().setStatus(e.getCause() instanceof AccessDeniedException ? 403 : 502);
            event.setContentType("text/plain; charset=utf-8");
            event.getWriter().println("The remote-viewer file cannot be made: " + Guard.message(e.getCause()));
            return;
        }
        byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
        event.setFileName(vm.name() + ".vv");
        event.setContentType("application/x-virt-viewer");
        event.setContentLength(bytes.length);
        event.getOutputStream().write(bytes);
    }

    /** Who downloads: the session's user, read under its lock (downloads run outside it). */
    private static Actor actor(VaadinSession session) {
        session.lock();
        try {
            return new Access(session).actor().orElse(null);
        } finally {
            session.unlock();
        }
    }
}
