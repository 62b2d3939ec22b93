package dev.agentmemory;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable, typed configuration of a store, looked up in this order: the map given here, then the system
 * property {@code agentmemory.<key>}, then the environment variable {@code AGENTMEMORY_<KEY>} (upper case,
 * with {@code .} and {@code -} turned into {@code _}). Defaults live in {@link MemoryDefaults}.
 *
 * <p>Values are read through their declaration, an {@link Option}: {@link #get(Option)} and {@link #find(Option)}
 * parse the text and check it against the option's range, and reject a bad value with a
 * {@link MemoryConfigurationException} that names the key, the value and what is allowed. The options every
 * provider shares are the constants here; a provider or decorator declares its own in its module and lists what it
 * reads in {@link dev.agentmemory.spi.MemoryProvider#options()}.
 *
 * <p>Secrets never leave this object by accident: {@link #toString()} prints only the values of declared options
 * that are not {@link Option#sensitive() sensitive} (a key that no discovered module declares is masked too), and
 * masks the user-info of every URI inside them; an error message masks the value of a sensitive option.
 *
 * <p>A {@code null} argument to any method here is a configuration error: {@link MemoryConfigurationException}
 * naming the parameter, as it is for {@link MemoryStores}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MemoryOptions {

    /** Name of the provider to use, overriding discovery by URI scheme. */
    public static final Option<String> PROVIDER = Option.string("provider", null, null,
            "the name of a provider on the module path",
            "Name of the provider to use, overriding the choice by the URI's scheme.");
    /** {@code lazy} (default: connect on first use) or {@code eager} (connect while opening, fail fast). */
    public static final Option<ConnectMode> CONNECT = Option.enumeration("connect", ConnectMode.class,
            ConnectMode.LAZY, "When the store connects: lazy (on first use) or eager (while opening, failing fast).");
    /**
     * Sliding time to live of a short-term session, 1 ms to {@value MemoryDefaults#MAX_TTL_DAYS} days; default
     * {@link MemoryDefaults#SHORT_TERM_TTL}.
     */
    public static final Option<Duration> SHORT_TERM_TTL = Option.duration("short-term.ttl",
            MemoryDefaults.SHORT_TERM_TTL, Duration.ofMillis(1), Duration.ofDays(MemoryDefaults.MAX_TTL_DAYS),
            "Sliding time to live of a short-term session, refreshed by every append.");
    /**
     * Entries kept per short-term session, 1 to {@value MemoryDefaults#SHORT_TERM_MAX_ENTRIES_LIMIT}; default
     * {@value MemoryDefaults#SHORT_TERM_MAX_ENTRIES}.
     */
    public static final Option<Integer> SHORT_TERM_MAX_ENTRIES = Option.integer("short-term.max-entries",
            MemoryDefaults.SHORT_TERM_MAX_ENTRIES, 1, MemoryDefaults.SHORT_TERM_MAX_ENTRIES_LIMIT,
            "Entries kept per short-term session; older entries are trimmed on append.");
    /**
     * Dimension of the built-in hashing embedder, {@value MemoryDefaults#MIN_EMBEDDING_DIMENSION} to
     * {@value MemoryDefaults#MAX_EMBEDDING_DIMENSION}; default {@value MemoryDefaults#EMBEDDING_DIMENSION}.
     */
    public static final Option<Integer> EMBEDDING_DIMENSION = Option.integer("embedding.dimension",
            MemoryDefaults.EMBEDDING_DIMENSION, MemoryDefaults.MIN_EMBEDDING_DIMENSION,
            MemoryDefaults.MAX_EMBEDDING_DIMENSION, "Dimension of the built-in hashing embedder.");
    /**
     * Smallest pool size, 0 to {@value MemoryDefaults#POOL_SIZE_LIMIT} and at most {@link #POOL_MAX_SIZE}; default
     * {@value MemoryDefaults#POOL_MIN_SIZE}, or {@code pool.max-size} if that is smaller. See {@link #poolMinSize()}.
     */
    public static final Option<Integer> POOL_MIN_SIZE = Option.integer("pool.min-size", null, 0,
            MemoryDefaults.POOL_SIZE_LIMIT, "Connections a pool keeps open once connected, at most pool.max-size "
                    + "(default " + MemoryDefaults.POOL_MIN_SIZE + ", or pool.max-size if smaller).");
    /** Largest pool size, 1 to {@value MemoryDefaults#POOL_SIZE_LIMIT}; default {@value MemoryDefaults#POOL_MAX_SIZE}. */
    public static final Option<Integer> POOL_MAX_SIZE = Option.integer("pool.max-size", MemoryDefaults.POOL_MAX_SIZE,
            1, MemoryDefaults.POOL_SIZE_LIMIT, "Most connections of a pool (per node for Redis).");
    /** How long to wait for a pooled connection; default {@link MemoryDefaults#POOL_ACQUIRE_TIMEOUT}. */
    public static final Option<Duration> POOL_ACQUIRE_TIMEOUT = timeout("pool.acquire-timeout",
            MemoryDefaults.POOL_ACQUIRE_TIMEOUT, "How long a call waits for a pooled connection before it fails "
                    + "with MemoryBusyException.");
    /** TCP connect timeout; default {@link MemoryDefaults#CONNECT_TIMEOUT}. */
    public static final Option<Duration> CONNECT_TIMEOUT = timeout("connect-timeout", MemoryDefaults.CONNECT_TIMEOUT,
            "How long the store waits for a connection to be established.");
    /** Response (command or statement) timeout; default {@link MemoryDefaults#RESPONSE_TIMEOUT}. */
    public static final Option<Duration> RESPONSE_TIMEOUT = timeout("response-timeout",
            MemoryDefaults.RESPONSE_TIMEOUT, "How long the store waits for the server to answer one command or "
                    + "statement.");
    /**
     * How long {@code close()} waits for what the store itself winds down (its threads, its pooled connections). A
     * provider may wait longer for a connection it is still making, bounded by its connect timeout, because
     * {@code close()} returns only when no connection of the store can send another byte (see the provider's
     * documentation). Default {@link MemoryDefaults#CLOSE_TIMEOUT}.
     */
    public static final Option<Duration> CLOSE_TIMEOUT = timeout("close-timeout", MemoryDefaults.CLOSE_TIMEOUT,
            "How long close() waits for the store's threads and pooled connections to wind down.");
    /**
     * Name the store gives its server connections, so an operator (and the TCK) can count them; default
     * {@value MemoryDefaults#CLIENT_NAME}.
     */
    public static final Option<String> CLIENT_NAME = Option.string("client-name", MemoryDefaults.CLIENT_NAME,
            Pattern.compile("[A-Za-z0-9._:@/-]{1,63}"), "1 to 63 characters of [A-Za-z0-9._:@/-]",
            "Name every server connection of the store carries (Redis CLIENT SETNAME, PostgreSQL application_name).");
    /** User name for the backend, when not in the URI. */
    public static final Option<String> USERNAME = Option.string("username", null, null, "any text",
            "User name for the backend, when the URI has none.");
    /** Password for the backend, when not in the URI. Never printed. */
    public static final Option<String> PASSWORD = Option.secret("password",
            "Password for the backend, when the URI has none.");

    private static final List<Option<?>> SHARED = List.of(PROVIDER, CONNECT, SHORT_TERM_TTL, SHORT_TERM_MAX_ENTRIES,
            EMBEDDING_DIMENSION, POOL_MIN_SIZE, POOL_MAX_SIZE, POOL_ACQUIRE_TIMEOUT, CONNECT_TIMEOUT, RESPONSE_TIMEOUT,
            CLOSE_TIMEOUT, CLIENT_NAME, USERNAME, PASSWORD);

    /** How a store connects: {@link #LAZY} on first use, or {@link #EAGER} while opening. */
    public enum ConnectMode {
        /** Open without the server; connect on first use. */
        LAZY,
        /** Connect while opening, and fail with {@link MemoryConnectionException} if the server is unreachable. */
        EAGER
    }

    private static final String SOURCE = "options";
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*(?::[A-Za-z][A-Za-z0-9+.-]*)?://");
    /** What may stand just before a URI in a text: a URI starts the text or follows one of these. */
    private static final Pattern URI_BOUNDARY = Pattern.compile("[\\s=(\\[{<\"',;]");
    /**
     * A parameter whose name mentions a secret, and its value up to the next {@code &name=}: a raw '&' that starts
     * no parameter is taken as part of the value, so no piece of a password shows.
     */
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&;][A-Za-z0-9._-]*(?:password|passwd|secret|token|credential)[A-Za-z0-9._-]*=)"
                    + "(?:[^&]|&(?![A-Za-z0-9._-]+=))*");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final MemoryOptions EMPTY = new MemoryOptions(Map.of(), System::getProperty, System::getenv);

    private final Map<String, String> values;
    private final UnaryOperator<String> systemProperties;
    private final UnaryOperator<String> environment;

    MemoryOptions(Map<String, String> values, UnaryOperator<String> systemProperties,
                  UnaryOperator<String> environment) {
        this.values = Map.copyOf(values);
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** @return options with no explicit values (system properties and environment still apply) */
    public static MemoryOptions empty() {
        return EMPTY;
    }

    /**
     * Options from a map of explicit values.
     *
     * @param values key to value; copied
     * @return the options
     */
    public static MemoryOptions of(Map<String, String> values) {
        required("values", values);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new MemoryConfigurationException(SOURCE, "configure", "option keys and values must not be null or blank");
            }
        }
        return new MemoryOptions(values, System::getProperty, System::getenv);
    }

    /**
     * Options from key-value pairs: {@code MemoryOptions.of("short-term.ttl", "30m", "connect", "eager")}.
     *
     * @param keysAndValues an even number of strings
     * @return the options
     */
    public static MemoryOptions of(String... keysAndValues) {
        required("keysAndValues", keysAndValues);
        for (int i = 0; i < keysAndValues.length; i++) {
            required("keysAndValues[" + i + "] (a " + (i % 2 == 0 ? "key" : "value") + ")", keysAndValues[i]);
        }
        if (keysAndValues.length % 2 != 0) {
            throw new MemoryConfigurationException(SOURCE, "configure", "give keys and values in pairs, got "
                    + keysAndValues.length + " strings");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(map);
    }

    /**
     * These options with one more value, replacing any value of the same key.
     *
     * @param key the key
     * @param value the value
     * @return a copy
     */
    public MemoryOptions with(String key, String value) {
        required("key", key);
        required("value", value);
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new MemoryOptions(copy, systemProperties, environment);
    }

    /**
     * These options with one more value, replacing any value of the same key.
     *
     * @param option the option
     * @param value the value, checked against what the option allows
     * @param <T> the type of the value
     * @return a copy
     * @throws MemoryConfigurationException if an argument is null or the value is not allowed
     */
    public <T> MemoryOptions with(Option<T> option, T value) {
        required("option", option);
        required("value", value);
        return with(option.key(), option.format(option.check(value)));
    }

    /** @return the explicit values, without system properties and environment */
    public Map<String, String> explicitValues() {
        return values;
    }

    /**
     * The value of an option, or its default when it is not set.
     *
     * @param option the option
     * @param <T> the type of the value
     * @return the value
     * @throws MemoryConfigurationException if the value is malformed or out of range (the message names the key,
     *     the value and what is allowed), or if the option is not set and has no default
     */
    public <T> T get(Option<T> option) {
        required("option", option);
        return find(option).or(option::defaultValue).orElseThrow(() -> new MemoryConfigurationException(SOURCE,
                "configure", "option '" + option.key() + "' is not set and has no default"));
    }

    /**
     * The value of an option, from the map, the system property {@code agentmemory.<key>} or the environment
     * variable {@code AGENTMEMORY_<KEY>}, in that order; never its default. An empty text counts as not set for a
     * text option.
     *
     * @param option the option
     * @param <T> the type of the value
     * @return the value, if set
     * @throws MemoryConfigurationException if the value is malformed or out of range
     */
    public <T> Optional<T> find(Option<T> option) {
        required("option", option);
        Optional<String> raw = raw(option.key());
        if (raw.isEmpty() || raw.get().isEmpty() && option.type() == String.class) {
            return Optional.empty();
        }
        return Optional.of(option.parse(raw.get()));
    }

    /** @return the connect mode of option {@link #CONNECT}, {@code lazy} by default */
    public ConnectMode connectMode() {
        return get(CONNECT);
    }

    /**
     * The option {@link #POOL_MIN_SIZE} read together with {@link #POOL_MAX_SIZE}, the one rule of every pooled
     * provider: at most the maximum, and by default {@value MemoryDefaults#POOL_MIN_SIZE} or the maximum if that is
     * smaller.
     *
     * @return the smallest pool size
     * @throws MemoryConfigurationException if either option is out of range or the minimum exceeds the maximum
     */
    public int poolMinSize() {
        int max = get(POOL_MAX_SIZE);
        int min = find(POOL_MIN_SIZE).orElse(Math.min(MemoryDefaults.POOL_MIN_SIZE, max));
        if (min > max) {
            throw POOL_MIN_SIZE.invalid(Integer.toString(min), "at most " + POOL_MAX_SIZE.key() + " (" + max + ")");
        }
        return min;
    }

    /**
     * The options every provider shares, declared here: the constants of this class.
     *
     * @return the options, in declaration order
     */
    public static List<Option<?>> shared() {
        return SHARED;
    }

    /** The raw text of a key, from the map, the system property or the environment, in that order. */
    Optional<String> raw(String key) {
        String value = values.get(key);
        if (value == null) {
            value = systemProperties.apply("agentmemory." + key);
        }
        if (value == null) {
            value = environment.apply(environmentName(key));
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    private static Option<Duration> timeout(String key, Duration defaultValue, String description) {
        return Option.duration(key, defaultValue, Duration.ofMillis(1),
                Duration.ofMillis(MemoryDefaults.MAX_TIMEOUT_MILLIS), description);
    }

    /**
     * A URI, or a text that holds URIs, with every credential masked: the user-info ({@code user:password@}) of each
     * URI and the value of every query parameter whose name mentions a password, secret, token or credential
     * ({@code password=}, {@code sslpassword=}). Use it in every message and log line that names an address.
     *
     * <p>The user-info is found by the one rule of {@link StoreUri}: everything between {@code ://} and the last
     * {@code @} that is followed by a host list, whatever it holds ({@code @ / ? # :}, spaces). When no {@code @}
     * is followed by a host, everything up to the last {@code @} is masked anyway: what might be a password is never
     * shown. A masked parameter value runs to the next {@code &name=}, or to the end of the URI's text.
     *
     * @param uri the address, or a message that contains addresses
     * @return the text with {@code ***} in place of credentials
     */
    public static String redact(String uri) {
        required("uri", uri);
        StringBuilder out = new StringBuilder(uri.length());
        Matcher m = URI_SCHEME.matcher(uri);
        int start = -1;
        int from = 0;
        while (m.find(from)) {
            from = m.start() + 1;
            if (start >= 0 && !URI_BOUNDARY.matcher(uri.substring(m.start() - 1, m.start())).matches()) {
                // A "x://" inside a URI (a password may hold one) does not start a new URI.
                continue;
            }
            if (start < 0) {
                out.append(maskSecretParameters(uri.substring(0, m.start())));
            } else {
                out.append(redactOne(uri.substring(start, m.start())));
            }
            start = m.start();
            from = m.end();
        }
        out.append(start < 0 ? maskSecretParameters(uri) : redactOne(uri.substring(start)));
        return out.toString();
    }

    /** One URI, from its scheme to the start of the next URI or the end of the text. */
    private static String redactOne(String text) {
        StoreUri split = StoreUri.parse(text);
        String uri = split.uri();
        // parse() trims: keep the text's own white space around the URI.
        String before = text.substring(0, text.indexOf(uri));
        String after = text.substring(before.length() + uri.length());
        int authority = uri.indexOf("://") + 3;
        int at = split.maskEnd();
        String masked = at < 0 ? uri.substring(0, authority) + maskSecretParameters(uri.substring(authority))
                : uri.substring(0, authority) + "***" + maskSecretParameters(uri.substring(at));
        return before + masked + maskSecretParameters(after);
    }

    private static String maskSecretParameters(String text) {
        return QUERY_SECRET.matcher(text).replaceAll(r -> Matcher.quoteReplacement(r.group(1)) + "***");
    }

    /**
     * {@code value}, or a {@link MemoryConfigurationException} naming {@code what} if it is null: the one rule for
     * a null given to configuration ({@link MemoryStores}, these options).
     */
    static <T> T required(String what, @Nullable T value) {
        if (value == null) {
            throw new MemoryConfigurationException(SOURCE, "configure", what + " must not be null");
        }
        return value;
    }

    static @Nullable Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = SIMPLE_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(t);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    static String environmentName(String key) {
        return "AGENTMEMORY_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The explicit values. Only the value of an option that is declared (here, or by a provider or decorator found
     * on the module path) and not sensitive is shown, with the credentials of URIs masked; every other value is
     * {@code ***}.
     */
    @Override
    public String toString() {
        List<Option<?>> declared = new ArrayList<>(SHARED);
        ProviderRegistry.fromServiceLoader().declaredOptions().values().forEach(declared::addAll);
        return toString(declared);
    }

    /** {@link #toString()} with the given options declared. */
    String toString(Collection<Option<?>> declared) {
        Map<String, Boolean> sensitive = new HashMap<>();
        for (Option<?> o : declared) {
            sensitive.merge(o.key(), o.sensitive(), Boolean::logicalOr);
        }
        StringBuilder b = new StringBuilder("MemoryOptions{");
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            boolean shown = Boolean.FALSE.equals(sensitive.get(e.getKey()));
            b.append(sep).append(e.getKey()).append('=').append(shown ? redact(e.getValue()) : "***");
            sep = ", ";
        }
        return b.append('}').toString();
    }

    /** Equal when the explicit values are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
