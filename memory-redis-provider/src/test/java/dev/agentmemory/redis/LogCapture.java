package dev.agentmemory.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the store logs through System.Logger. On the class path without a System.LoggerFinder binding,
 * System.Logger goes to java.util.logging, so a JUL handler sees every line.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger = Logger.getLogger(RedisShortTermMemory.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** The SEVERE (System.Logger ERROR) lines, formatted. */
    List<String> errors() {
        return at(Level.SEVERE);
    }

    /** The INFO lines, formatted. */
    List<String> infos() {
        return at(Level.INFO);
    }

    /** The lines of every level, formatted. */
    List<String> all() {
        return records.stream().map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
    }

    private List<String> at(Level level) {
        return records.stream().filter(r -> r.getLevel() == level)
                .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
