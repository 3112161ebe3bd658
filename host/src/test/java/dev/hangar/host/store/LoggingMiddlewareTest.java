package dev.hangar.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Action;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.ReducerException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LoggingMiddlewareTest {

    record Boom() implements Action {
    }

    record Noop() implements Action {
    }

    @Test
    void theLoggingMiddlewareLogsFailuresAndPassesEverythingOn() {
        Logger logger = Logger.getLogger(LoggingMiddleware.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (DefaultStore store = DefaultStore.builder().middleware(new LoggingMiddleware()).build()) {
            store.addReducer("seen", (Integer seen, Action action) -> {
                if (action instanceof Boom) {
                    throw new IllegalStateException("bad");
                }
                return seen + 1;
            }, 0);
            store.dispatch(new Noop());
            assertEquals(2, store.getState().get("seen", Integer.class));
            assertThrows(ReducerException.class, () -> store.dispatch(new Boom()));

            LogRecord warning = records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
            assertEquals("dispatch of Boom failed", warning.getMessage());
            assertTrue(warning.getThrown() instanceof ReducerException);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
