package dev.hangar.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One logging stack: what the libraries log through SLF4J (Jetty, Vaadin, PF4J) and what Hangar and its
 * plugins log through System.Logger end in the same java.util.logging handlers, with one configuration.
 */
class LoggingStackTest {
    @Test
    void slf4jAndSystemLoggerReachTheSameJulHandler() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName().startsWith("hangar.logging-stack-test")) {
                    seen.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            LoggerFactory.getLogger("hangar.logging-stack-test.slf4j").warn("from a library");
            System.getLogger("hangar.logging-stack-test.system").log(System.Logger.Level.WARNING, "from Hangar");
        } finally {
            root.removeHandler(handler);
        }
        assertEquals(List.of("hangar.logging-stack-test.slf4j: from a library", "hangar.logging-stack-test.system: from Hangar"),
                seen);
    }
}
