package dev.hangar.host.security.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What Jetty scans ({@link WebServer#SCANNED_CLASS_PATH}) is what Vaadin needs, and not the rest. */
class WebServerScanTest {
    private static final Pattern SCANNED = Pattern.compile(WebServer.SCANNED_CLASS_PATH);

    /** The class-path entry a class comes from, as the URI Jetty matches the pattern against. */
    private static String entryOf(String className) throws Exception {
        return Class.forName(className, false, WebServerScanTest.class.getClassLoader())
                .getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    }

    @Test
    void scansTheHostsViewsAndAppShell() throws Exception {
        for (String type : new String[] {"dev.hangar.host.ui.AppShell", "dev.hangar.host.ui.vmlist.VmListView",
                "dev.hangar.host.ui.vmdetails.VmDetailsView", "dev.hangar.host.ui.login.LoginView",
                "dev.hangar.host.ui.pluginspage.PluginsView"}) {
            assertTrue(SCANNED.matcher(entryOf(type)).matches(), type + " in " + entryOf(type));
        }
        // The host's classes in the distribution's JAR.
        assertTrue(SCANNED.matcher("file:///opt/hangar/lib/hangar-host-0.1.0.jar").matches());
    }

    @Test
    void scansFlowServerForTheServletListenerAndTheBuiltInErrorViews() throws Exception {
        for (String type : new String[] {"com.vaadin.flow.server.startup.ServletContextListeners",
                "com.vaadin.flow.router.RouteNotFoundError", "com.vaadin.flow.router.InternalServerError"}) {
            assertTrue(SCANNED.matcher(entryOf(type)).matches(), type + " in " + entryOf(type));
        }
    }

    @Test
    void findsThePushScriptOfFlowPush() {
        URL script = getClass().getClassLoader().getResource("META-INF/resources/VAADIN/static/push/vaadinPush-min.js");
        assertNotNull(script);
        String jar = script.toString().replaceFirst("^jar:", "").replaceFirst("!/.*$", "");
        assertTrue(SCANNED.matcher(jar).matches(), jar);
    }

    @Test
    void skipsLibrariesWithoutVaadinAnnotations() throws Exception {
        for (String type : new String[] {"org.eclipse.jetty.server.Server", "com.fasterxml.jackson.databind.ObjectMapper",
                "org.springframework.data.domain.Page", "org.objectweb.asm.ClassReader", "org.jsoup.Jsoup",
                "picocli.CommandLine", "org.atmosphere.cpr.AtmosphereFramework", "com.vaadin.flow.component.grid.Grid"}) {
            assertFalse(SCANNED.matcher(entryOf(type)).matches(), type + " in " + entryOf(type));
        }
    }
}
