package dev.agentmemory.spi;

import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import java.util.List;
import java.util.Set;

/**
 * A backend, found at run time by {@link java.util.ServiceLoader}. A provider module declares
 * {@code provides dev.agentmemory.spi.MemoryProvider with ...} in its {@code module-info.java} (and, for
 * class-path users, lists the class in {@code META-INF/services/dev.agentmemory.spi.MemoryProvider}).
 *
 * <p>{@link dev.agentmemory.MemoryStores} picks the provider whose {@link #schemes()} contain the URI's
 * scheme (or the one named by the {@code provider} option), validates every request before passing it on,
 * and wraps the store in the discovered {@link StoreDecorator}s. A provider therefore only has to:
 * <ul>
 *   <li>validate its configuration in {@code open*} and throw {@link MemoryConfigurationException} at once;</li>
 *   <li>not need the server to open, unless the {@code connect} option is {@code eager};</li>
 *   <li>translate every driver exception to exactly one {@link dev.agentmemory.MemoryException} subtype;</li>
 *   <li>give back every connection and thread in {@code close()}.</li>
 * </ul>
 * The TCK ({@code dev.agentmemory.tck}) checks all of these. Implementations must have a public no-argument
 * constructor (or a public static {@code provider()} method) and be thread-safe.
 */
public interface MemoryProvider {

    /** What a provider can open. */
    enum Capability {
        /** {@link ShortTermMemory}. */
        SHORT_TERM,
        /** {@link LongTermMemory}. */
        LONG_TERM
    }

    /** @return a short, unique name, used by the {@code provider} option (for example {@code redis}) */
    String name();

    /** @return the URI schemes this provider serves, lower case, without the colon (for example {@code redis}, {@code jdbc:postgresql}) */
    Set<String> schemes();

    /** @return what this provider can open */
    Set<Capability> capabilities();

    /**
     * The options this provider reads: the shared ones of {@link MemoryOptions} it uses and its own, declared once
     * as {@link Option} constants in its module and read only through {@link MemoryOptions#get(Option)} and
     * {@link MemoryOptions#find(Option)}. The declarations decide what {@link MemoryOptions#toString()} prints (a
     * value of an option that nothing declares, or one declared {@link Option#sensitive()}, is masked) and what the
     * options reference lists. The default declares none.
     *
     * @return the options, in the order the documentation lists them
     */
    default List<Option<?>> options() {
        return List.of();
    }

    /**
     * Opens a short-term store.
     *
     * @param uri the address, which may hold credentials: never log or print it without {@link MemoryOptions#redact},
     *     and split its user-info off with {@link dev.agentmemory.StoreUri} before any URI parser sees it
     * @param options the options
     * @return the store
     * @throws MemoryConfigurationException if the configuration is invalid
     * @throws dev.agentmemory.MemoryConnectionException if {@code connect=eager} and the server cannot be reached
     */
    default ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        throw new MemoryConfigurationException(MemoryOptions.redact(uri), "open", "provider '" + name()
                + "' has no short-term memory");
    }

    /**
     * Opens a long-term store.
     *
     * @param uri the address, which may hold credentials
     * @param options the options
     * @param embedder the embedder for memories and queries given as text (already decorated)
     * @return the store
     * @throws MemoryConfigurationException if the configuration is invalid
     * @throws dev.agentmemory.MemoryConnectionException if {@code connect=eager} and the server cannot be reached
     */
    default LongTermMemory openLongTerm(String uri, MemoryOptions options, Embedder embedder) {
        throw new MemoryConfigurationException(MemoryOptions.redact(uri), "open", "provider '" + name()
                + "' has no long-term memory");
    }
}
