package dev.hangar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code bin/hangar} running as a child process of the test ({@link Distribution#start}), with its
 * output in a log file: where it serves and the first-start administrator's one-time password are
 * read from there. Stopped by its own PID.
 */
public final class RunningHangar implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Hangar is running at (\\S+)");
    private static final Pattern PASSWORD = Pattern.compile("Its password, shown only this once: (\\S+)");
    private static final Duration START = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private volatile String url;

    RunningHangar(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Waits until the log says where Hangar serves (failing at once, with the log, when it exits) and returns that URL. */
    public String awaitRunning() {
        try {
            Waiting.await("bin/hangar to say where it serves", START).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("bin/hangar exited with " + process.exitValue() + ":\n" + log());
                }
                Matcher running = URL.matcher(log());
                if (running.find()) {
                    url = running.group(1);
                }
                return url != null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("bin/hangar did not start within " + START.toSeconds() + " s:\n" + log(), e);
        }
        return url;
    }

    /** Where it serves, ending with a slash ({@code http://127.0.0.1:PORT/}); after {@link #awaitRunning()}. */
    public String url() {
        if (url == null) {
            throw new IllegalStateException("call awaitRunning() first");
        }
        return url;
    }

    /** The first-start administrator's one-time password, as the log shows it once. */
    public String oneTimePassword() {
        Matcher password = PASSWORD.matcher(log());
        if (!password.find()) {
            throw new AssertionError("Hangar printed no first-start password:\n" + log());
        }
        return password.group(1);
    }

    /** Everything it printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends it by its PID (SIGTERM: its shutdown hook closes its connections), or kills it after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
