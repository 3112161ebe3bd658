package dev.hangar.host;

import dev.hangar.host.consoles.ConsoleSocket;
import dev.hangar.host.security.auth.UserCommand;
import dev.hangar.host.security.transport.WebServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/** Starts Hangar: parses the options, loads the plugins, serves the console; or runs {@code hangar user}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        HostOptions options = new HostOptions();
        CommandLine cli = new CommandLine(options);
        // The last of a repeated option wins, so that a wrapper's defaults (scripts/demo.sh) can be overridden.
        cli.setOverwrittenOptionsAllowed(true);
        cli.addSubcommand(new UserCommand(options::dataDir, System.out));
        CommandLine.ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return;
            }
            options.readConfig();
            options.security().validate();
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            e.getCommandLine().usage(System.err);
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("hangar: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (parsed.hasSubcommand()) {
            System.exit(runSubcommand(parsed));
            return;
        }
        Hangar hangar = new Hangar(options);
        hangar.security().announce(System.out);
        hangar.start();

        WebServer server = WebServer.start(options.bind(), options.port(), options.security(),
                // The console's views are made with it (ui.wiring.Views reads it by this name).
                Map.of(Hangar.class.getName(), hangar), List.of(ConsoleSocket.config(hangar.consoleGate())));
        if (WebServer.exposedWithoutTls(options.bind(), options.security())) {
            System.err.println("WARNING: Hangar listens on " + options.bind() + " WITHOUT TLS: passwords and "
                    + "sessions cross the network in clear text. Give --tls-cert and --tls-key, or bind 127.0.0.1.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("hangar: stopping the web server failed: " + e.getMessage());
            }
            hangar.close();
            stopped.countDown();
        }, "hangar-shutdown"));
        System.out.println("Hangar is running at " + server.url());
        stopped.await();
    }

    /** Runs {@code hangar user ...}; returns the exit code. */
    private static int runSubcommand(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.commandSpec().userObject() instanceof UserCommand) {
            last.commandSpec().commandLine().usage(System.err);
            return 2;
        }
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (CommandLine.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("hangar: " + cause.getMessage());
            return 1;
        }
    }
}
