package dev.agentmemory.redis;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Short-term memory in Redis: the layout of {@link KeyLayout}, the scripts of {@link SessionScripts}, the payload of
 * {@link EntryEncoding}, errors through {@link RedisErrorClassifier}. One store owns one Redisson client.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and bounded by the {@code close-timeout} option.
 */
final class RedisShortTermMemory implements ShortTermMemory {

    private static final System.Logger LOG = System.getLogger(RedisShortTermMemory.class.getName());

    private final RedissonClient client;
    private final RScript script;
    private final RedisAddress address;
    private final RedisSettings settings;
    private final KeyLayout layout;
    private final String backend;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Calls that failed to reach the server since it last answered, and since when: an outage is logged once when it
     * starts (ERROR) and once when it ends (INFO), not once per call, so a thousand failed calls are two lines.
     */
    private final Object outageLock = new Object();
    private long failedCalls;
    private long downSinceNanos;
    private volatile boolean down;
    /**
     * One permit per pooled connection. Redisson waits for a free connection as long as the response timeout;
     * these permits make a drained pool fail after {@code pool.acquire-timeout} with MemoryBusyException instead.
     */
    private final Semaphore connections;
    private final int connectionCount;

    private RedisShortTermMemory(RedissonClient client, RedisAddress address, RedisSettings settings) {
        this.client = client;
        this.script = client.getScript(StringCodec.INSTANCE);
        this.address = address;
        this.settings = settings;
        this.layout = new KeyLayout(settings.keyPrefix());
        this.backend = address.display();
        // A Cluster has a pool per master; the seed nodes are the best count known before connecting.
        int nodes = address.topology() == RedisAddress.Topology.CLUSTER ? address.nodes().size() : 1;
        this.connectionCount = settings.poolMaxSize() * nodes;
        this.connections = new Semaphore(connectionCount, true);
    }

    /**
     * Opens a store. Lazy by default: no connection is made until the first call. With {@code connect=eager} it
     * connects now and makes one round trip, and fails if that does not work.
     *
     * @param address where
     * @param settings how
     * @return the store
     * @throws MemoryException translated from Redisson (a {@link MemoryConnectionException} if eager and the
     *     server is unreachable, a configuration error for a wrong password)
     */
    static RedisShortTermMemory open(RedisAddress address, RedisSettings settings) {
        RedissonClient client;
        try {
            client = Redisson.create(RedissonConfigs.of(address, settings));
        } catch (RuntimeException e) {
            throw logged(failure("open", address.display(), e));
        }
        RedisShortTermMemory store = new RedisShortTermMemory(client, address, settings);
        if (settings.connectMode() == MemoryOptions.ConnectMode.EAGER) {
            try {
                store.serverTime("open");
            } catch (MemoryException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        return run("append", () -> appendInOrder("append", session, List.of(entry)).get(0));
    }

    /** One call of the append script for every entry: one round trip, one atomic step on the server. */
    @Override
    public List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
        return run("appendAll", () -> appendInOrder("appendAll", session, entries));
    }

    private List<MemoryEntry> appendInOrder(String operation, SessionRef session, List<NewEntry> entries) {
        String[] args = new String[entries.size() * 2 + 2];
        for (int i = 0; i < entries.size(); i++) {
            args[2 * i] = entries.get(i).id();
            args[2 * i + 1] = EntryEncoding.body(entries.get(i));
        }
        args[args.length - 2] = Integer.toString(settings.maxEntries());
        args[args.length - 1] = Long.toString(settings.ttl().toMillis());
        List<Object> reply = eval(session, SessionScripts.APPEND, args);
        Instant expiresAt = instant(reply.get(entries.size()));
        List<MemoryEntry> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.add(EntryEncoding.decode(backend, operation, entries.get(i).id(), (String) reply.get(i), expiresAt));
        }
        return List.copyOf(out);
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        return run("recent", () -> {
            int wanted = Math.min(limit, settings.maxEntries());
            List<Object> reply = eval(session, SessionScripts.RECENT, Integer.toString(wanted));
            Instant expiresAt = instant(reply.get(0));
            List<MemoryEntry> out = new ArrayList<>((reply.size() - 1) / 2);
            for (int i = 1; i + 1 < reply.size(); i += 2) {
                Object payload = reply.get(i + 1);
                if (payload != null) {
                    out.add(EntryEncoding.decode(backend, "recent", (String) reply.get(i), (String) payload, expiresAt));
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        return run("get", () -> {
            List<Object> reply = eval(session, SessionScripts.GET, entryId);
            Object payload = reply.size() > 1 ? reply.get(1) : null;
            if (payload == null) {
                return Optional.empty();
            }
            return Optional.of(EntryEncoding.decode(backend, "get", entryId, (String) payload, instant(reply.get(0))));
        });
    }

    @Override
    public long size(SessionRef session) {
        return run("size", () -> number(evalScalar(session, SessionScripts.SIZE)));
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        return run("expire", () -> number(evalScalar(session, SessionScripts.EXPIRE,
                Long.toString(Math.max(1, ttl.toMillis())))) == 1L);
    }

    @Override
    public void clear(SessionRef session) {
        run("clear", () -> evalScalar(session, SessionScripts.CLEAR));
    }

    /**
     * One {@code TIME} round trip to a master; latency is measured around it.
     *
     * @return UP with the latency, or DOWN with the translated error; never throws for a down server
     * @throws MemoryClosedException if the store is closed
     */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            Instant serverTime = serverTime("health");
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            return Health.up("Redis " + topology() + " answers", latency)
                    .with("topology", topology())
                    .with("keyPrefix", settings.keyPrefix())
                    .with("serverTime", serverTime.toString());
        } catch (MemoryClosedException e) {
            throw e;
        } catch (MemoryBusyException e) {
            return Health.degraded(e.getMessage()).with("topology", topology())
                    .with("error", e.getClass().getSimpleName());
        } catch (MemoryException e) {
            return Health.down(e.getMessage()).with("topology", topology())
                    .with("error", e.getClass().getSimpleName());
        }
    }

    /**
     * Shuts the Redisson client down: connections closed, Netty event loops and Redisson's threads stopped. Bounded
     * by {@code close-timeout}, also while the server is unreachable. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeout = settings.closeTimeout().toMillis();
        try {
            // Quiet period 0: no new work can arrive once closed is set, so there is nothing to wait for.
            client.shutdown(0, timeout, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the Redis client of " + backend + " failed: "
                    + RedisErrorClassifier.summary(e));
        }
    }

    @Override
    public String toString() {
        return "RedisShortTermMemory[" + backend + ", prefix=" + settings.keyPrefix() + "]";
    }

    // ---- plumbing

    private Instant serverTime(String operation) {
        return run(operation, () -> {
            List<Object> time = script.eval(RScript.Mode.READ_ONLY, "return redis.call('TIME')",
                    RScript.ReturnType.MULTI);
            long seconds = number(time.get(0));
            long micros = number(time.get(1));
            return Instant.ofEpochSecond(seconds, micros * 1000);
        });
    }

    private String topology() {
        return address.topology().name().toLowerCase(Locale.ROOT);
    }

    private List<Object> eval(SessionRef session, String lua, String... args) {
        List<Object> keys = layout.keys(session);
        List<Object> reply = script.eval((String) keys.get(0), RScript.Mode.READ_WRITE, lua,
                RScript.ReturnType.MULTI, keys, (Object[]) args);
        return reply;
    }

    private @Nullable Object evalScalar(SessionRef session, String lua, String... args) {
        List<Object> keys = layout.keys(session);
        return script.eval((String) keys.get(0), RScript.Mode.READ_WRITE, lua, RScript.ReturnType.INTEGER, keys,
                (Object[]) args);
    }

    private static Instant instant(@Nullable Object unixMillis) {
        return Instant.ofEpochMilli(number(unixMillis));
    }

    private static long number(@Nullable Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            return Long.parseLong(s);
        }
        return 0L;
    }

    private <T> T run(String operation, Supplier<T> action) {
        if (closed.get()) {
            throw new MemoryClosedException(backend, operation, "the store is closed; open a new one");
        }
        acquireConnection(operation);
        try {
            T result = action.get();
            if (down) {
                answersAgain();
            }
            return result;
        } catch (RuntimeException e) {
            if (closed.get() && !(e instanceof MemoryException)) {
                throw new MemoryClosedException(backend, operation, "the store was closed while the call was running", e);
            }
            MemoryException translated = failure(operation, backend, e);
            if (translated instanceof MemoryConnectionException && translated != e) {
                unreachable(translated);
            }
            throw translated;
        } finally {
            connections.release();
        }
    }

    private void acquireConnection(String operation) {
        Duration wait = settings.poolAcquireTimeout();
        boolean acquired;
        try {
            acquired = connections.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemoryUnavailableException(backend, operation,
                    "interrupted while waiting for a free Redis connection", e);
        }
        if (!acquired) {
            throw new MemoryBusyException(backend, operation, "all " + connectionCount + " Redis connections of the "
                    + "store stayed busy for " + wait.toMillis() + " ms (options " + MemoryOptions.POOL_MAX_SIZE
                    + " and " + MemoryOptions.POOL_ACQUIRE_TIMEOUT + ")");
        }
    }

    /** Translates and restores an interrupt. */
    private static MemoryException failure(String operation, String backend, RuntimeException e) {
        MemoryException translated = RedisErrorClassifier.translate(backend, operation, e);
        if (translated != e && hasCause(e, InterruptedException.class)) {
            Thread.currentThread().interrupt();
        }
        return translated;
    }

    /** Logs the one ERROR line of a store that could not be opened (eagerly), and returns the error. */
    private static MemoryException logged(MemoryException e) {
        if (e instanceof MemoryConnectionException) {
            LOG.log(Level.ERROR, "Redis connection failed: " + e.getMessage());
        }
        return e;
    }

    /**
     * A call could not reach the server. The first failure of an outage is one ERROR line (no stack trace: the
     * message names the operation, the masked address and the cause); the others are DEBUG lines.
     */
    private void unreachable(MemoryException e) {
        boolean first;
        synchronized (outageLock) {
            first = failedCalls++ == 0;
            if (first) {
                downSinceNanos = System.nanoTime();
                down = true;
            }
        }
        if (first) {
            LOG.log(Level.ERROR, "Redis connection failed: " + e.getMessage()
                    + " (further failures are logged at DEBUG until the server answers again)");
        } else {
            LOG.log(Level.DEBUG, "Redis connection failed: " + e.getMessage());
        }
    }

    /** The first call that reached the server after an outage: one INFO line with its length and failed calls. */
    private void answersAgain() {
        long failed;
        long millis;
        synchronized (outageLock) {
            if (!down) {
                return;
            }
            failed = failedCalls;
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos);
            failedCalls = 0;
            down = false;
        }
        LOG.log(Level.INFO, "Redis at " + backend + " answers again after " + millis + " ms; " + failed
                + " calls failed to reach it meanwhile");
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
