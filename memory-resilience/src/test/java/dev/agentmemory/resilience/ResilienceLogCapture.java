package dev.agentmemory.resilience;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures, for one test, what the resilience layer logged through System.Logger (backed by java.util.logging in
 * these tests): register as a {@code @RegisterExtension} field. Public for the tests of the internal package.
 */
public final class ResilienceLogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger = Logger.getLogger("dev.agentmemory.resilience");
    private final String backend;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage().contains(backend)) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Captures every line. */
    public ResilienceLogCapture() {
        this("");
    }

    /** @param backend keeps only the lines that name this backend, so other stores' lines do not count */
    public ResilienceLogCapture(String backend) {
        this.backend = backend;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        logger.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(handler);
    }

    /** @return every captured line, in order */
    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    /**
     * @param level the java.util.logging level (System.Logger ERROR is SEVERE)
     * @param containing a part of the line
     * @return the captured lines at that level that contain it, in order
     */
    public List<String> lines(Level level, String containing) {
        return records.stream().filter(r -> r.getLevel() == level && r.getMessage().contains(containing))
                .map(LogRecord::getMessage).toList();
    }
}
