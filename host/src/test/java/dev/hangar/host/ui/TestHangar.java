package dev.hangar.host.ui;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockRouteNotFoundError;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.TabSheetsKt;
import com.github.mvysny.kaributesting.v10.mock.MockVaadinServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.Hangar;
import dev.hangar.host.HostOptions;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.wiring.Views;
import dev.hangar.testsupport.Folders;
import dev.hangar.testsupport.ManualClock;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * A real Hangar (store, registry, commands) with an empty plugins folder, test providers activated
 * through the registry as a plugin's would be, and Karibu's mocked Vaadin around the host's views.
 */
public final class TestHangar implements AutoCloseable {
    private static final Routes ROUTES = new Routes().autoDiscoverViews("dev.hangar.host");

    static {
        // The console's own not-found page, as users get it, rather than Karibu's exception.
        ROUTES.getErrorRoutes().remove(MockRouteNotFoundError.class);
    }

    public final Hangar hangar;
    /** The host's clock, which only the test moves. */
    public final ManualClock clock;
    private final Path dir;

    private TestHangar(Hangar hangar, ManualClock clock, Path dir) {
        this.hangar = hangar;
        this.clock = clock;
        this.dir = dir;
    }

    /** Starts Hangar with these providers active and a mocked UI. */
    public static TestHangar start(TestProvider... providers) throws Exception {
        return start(List.of(), List.of(), providers);
    }

    /**
     * Starts Hangar with these plugin JARs in its plugins folder, these extra command-line options
     * ({@code --libvirt-uri …}), these test providers active, and a mocked UI.
     */
    public static TestHangar start(List<Path> pluginJars, List<String> options, TestProvider... providers) throws Exception {
        Path dir = Files.createTempDirectory("hangar-ui-test");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        for (Path jar : pluginJars) {
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
        List<String> args = new ArrayList<>(List.of("--auth", "file"));
        args.addAll(options);
        Hangar hangar = startHangar(plugins, dir.resolve("data"), clock, args);
        TestHangar test = new TestHangar(hangar, clock, dir);
        for (TestProvider provider : providers) {
            test.activate(provider);
        }
        setupVaadin(hangar);
        signIn(Role.ADMINISTRATOR);
        return test;
    }

    /**
     * Karibu's mocked Vaadin around the host's views, with {@code hangar} in the servlet context as
     * {@code Main} puts it there: the views are made with it, the access guard checks with its security.
     */
    public static void setupVaadin(Hangar hangar) {
        MockVaadin.setup(UI::new, new MockVaadinServlet(ROUTES) {
            @Override
            protected VaadinServletService createServletService(DeploymentConfiguration configuration)
                    throws ServiceException {
                getServletContext().setAttribute(Views.ATTRIBUTE, hangar);
                return super.createServletService(configuration);
            }
        });
    }

    /**
     * The tests' one in-process start of a real Hangar (no web server) on these folders and
     * command-line options, the way Main starts it, on {@code clock}.
     */
    public static Hangar startHangar(Path pluginsDir, Path dataDir, Clock clock, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--plugins-dir", pluginsDir.toString(), "--data-dir", dataDir.toString()));
        args.addAll(options);
        HostOptions hostOptions = new HostOptions();
        new CommandLine(hostOptions).parseArgs(args.toArray(String[]::new));
        Hangar hangar = new Hangar(hostOptions, clock);
        hangar.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return hangar;
    }

    /** Acts as a user of that role in the mocked session (every page is behind sign-in); returns them. */
    public static Actor signIn(Role role) {
        Actor actor = new Actor(role.id() + "-user", role, "127.0.0.1");
        access().signIn(actor);
        return actor;
    }

    /** The access of the mocked session, as its views have it. */
    public static Access access() {
        return new Access(VaadinSession.getCurrent());
    }

    /** The mocked session's user as a view would pass them to a command now (null when signed out). */
    public static Actor actor() {
        return access().actor().orElse(null);
    }

    /** The plugins folder of this Hangar, empty at start. */
    public Path pluginsDir() {
        return dir.resolve("plugins");
    }

    /**
     * A plugin JAR this repository builds ({@code plugin-example}, {@code plugin-libvirt}), from its
     * module's target folder; fails saying how to build it when it is not there.
     */
    public static Path builtPlugin(String module) throws IOException {
        Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
        String prefix = "hangar-" + module + "-";
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                java.util.Optional<Path> jar = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".jar")).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new AssertionError("No " + prefix + "*.jar in " + target + ": build it first with "
                + "'mvn -f " + module + "/pom.xml package -DskipTests'");
    }

    /** The titles of the open VM page's subtabs that are shown, in order. */
    public static List<String> vmTabNames() {
        var bar = TabSheetsKt.get_tabs(LocatorJ._get(TabSheet.class, spec -> spec.withClasses("vm-tabs")));
        return IntStream.range(0, bar.getComponentCount()).mapToObj(i -> (Tab) bar.getComponentAt(i))
                .filter(Tab::isVisible).map(Tab::getLabel).toList();
    }

    /** Selects the open VM page's subtab of that title and returns its content. */
    public static Component vmTab(String name) {
        TabSheet sheet = LocatorJ._get(TabSheet.class, spec -> spec.withClasses("vm-tabs"));
        var bar = TabSheetsKt.get_tabs(sheet);
        Tab tab = (Tab) bar.getChildren().filter(t -> name.equals(((Tab) t).getLabel())).findFirst()
                .orElseThrow(() -> new AssertionError("no subtab '" + name + "' in " + vmTabNames()));
        sheet.setSelectedTab(tab);
        return sheet.getComponent(tab);
    }

    public void activate(TestProvider provider) throws Exception {
        hangar.providers().activate("plugin-" + provider.name(), provider).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Runs the UI's pending {@code access} tasks until the assertion holds, failing with its last
     * error after five seconds: store changes reach views through a coalescing window on another thread.
     */
    public static void eventually(Runnable assertion) {
        // On this thread: the mocked UI and session are this thread's.
        Waiting.await("the UI to catch up", Duration.ofSeconds(5)).pollInSameThread().untilAsserted(() -> {
            MockVaadin.runUIQueue();
            assertion.run();
        });
    }

    @Override
    public void close() throws IOException {
        MockVaadin.tearDown();
        hangar.close();
        Folders.delete(dir);
        if (Live.active() != 0) {
            throw new AssertionError(Live.active() + " live subscriptions are still open after every UI closed");
        }
    }
}
