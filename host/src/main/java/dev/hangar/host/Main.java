package dev.hangar.host;

import com.github.mvysny.vaadinboot.VaadinBoot;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/** Starts Hangar: parses the options, loads the plugins, serves the console. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        HostOptions options = new HostOptions();
        CommandLine cli = new CommandLine(options);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return;
            }
            options.readConfig();
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            cli.usage(System.err);
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("hangar: " + e.getMessage());
            System.exit(2);
            return;
        }
        Hangar hangar = new Hangar(options);
        Hangar.install(hangar);
        hangar.start();

        VaadinBoot boot = new VaadinBoot().withPort(options.port()).listenOn(options.bind());
        boot.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boot.stop("shutting down");
            hangar.close();
            stopped.countDown();
        }, "hangar-shutdown"));
        System.out.println("Hangar is running at " + url(options));
        stopped.await();
    }

    static String url(HostOptions options) {
        String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
        return "http://" + host + ":" + options.port() + "/";
    }
}
