package dev.agentmemory;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
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
 * <p>Typed getters reject a bad value with a {@link MemoryConfigurationException} that names the key, the
 * value and what is allowed. Secrets never leave this object by accident: values of keys that name a
 * password, secret, token or credential, and the user-info of any URI, are masked in {@link #toString()} and
 * in every message.
 *
 * <p>A {@code null} argument to any method here is a configuration error: {@link MemoryConfigurationException}
 * naming the parameter, as it is for {@link MemoryStores}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MemoryOptions {

    /** Name of the provider to use, overriding discovery by URI scheme. */
    public static final String PROVIDER = "provider";
    /** {@code lazy} (default: connect on first use) or {@code eager} (connect while opening, fail fast). */
    public static final String CONNECT = "connect";
    /** Sliding TTL of a short-term session, a {@link Duration}. */
    public static final String SHORT_TERM_TTL = "short-term.ttl";
    /** Entries kept per short-term session. */
    public static final String SHORT_TERM_MAX_ENTRIES = "short-term.max-entries";
    /** Dimension of the built-in hashing embedder. */
    public static final String EMBEDDING_DIMENSION = "embedding.dimension";
    /** Smallest pool size. */
    public static final String POOL_MIN_SIZE = "pool.min-size";
    /** Largest pool size. */
    public static final String POOL_MAX_SIZE = "pool.max-size";
    /** How long to wait for a pooled connection. */
    public static final String POOL_ACQUIRE_TIMEOUT = "pool.acquire-timeout";
    /** TCP connect timeout. */
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    /** Response (command or statement) timeout. */
    public static final String RESPONSE_TIMEOUT = "response-timeout";
    /**
     * How long {@code close()} waits for what the store itself winds down (its threads, its pooled connections). A
     * provider may wait longer for a connection it is still making, bounded by its connect timeout, because
     * {@code close()} returns only when no connection of the store can send another byte (see the provider's
     * documentation).
     */
    public static final String CLOSE_TIMEOUT = "close-timeout";
    /** Name the store gives its server connections, so an operator (and the TCK) can count them. */
    public static final String CLIENT_NAME = "client-name";
    /** User name for the backend, when not in the URI. */
    public static final String USERNAME = "username";
    /** Password for the backend, when not in the URI. Never printed. */
    public static final String PASSWORD = "password";

    /** How a store connects: {@link #LAZY} on first use, or {@link #EAGER} while opening. */
    public enum ConnectMode {
        /** Open without the server; connect on first use. */
        LAZY,
        /** Connect while opening, and fail with {@link MemoryConnectionException} if the server is unreachable. */
        EAGER
    }

    private static final String SOURCE = "options";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|credential).*");
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

    /** @return the explicit values, without system properties and environment */
    public Map<String, String> explicitValues() {
        return values;
    }

    /**
     * The raw value of a key, from the map, the system property or the environment, in that order.
     *
     * @param key the key, for example {@code short-term.ttl}
     * @return the value, if set anywhere
     */
    public Optional<String> get(String key) {
        required("key", key);
        String value = values.get(key);
        if (value == null) {
            value = systemProperties.apply("agentmemory." + key);
        }
        if (value == null) {
            value = environment.apply(environmentName(key));
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    /**
     * @param key the key
     * @param defaultValue returned when the key is not set
     * @return the value or the default
     */
    public String getString(String key, String defaultValue) {
        required("defaultValue", defaultValue);
        return get(key).orElse(defaultValue);
    }

    /**
     * An integer in a range.
     *
     * @param key the key
     * @param defaultValue returned when the key is not set
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return the value
     * @throws MemoryConfigurationException if the value is not an integer in [min, max]
     */
    public int getInt(String key, int defaultValue, int min, int max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        throw bad(key, raw.get(), "an integer from " + min + " to " + max);
    }

    /**
     * A decimal number in a range.
     *
     * @param key the key
     * @param defaultValue returned when the key is not set
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return the value
     * @throws MemoryConfigurationException if the value is not a number in [min, max]
     */
    public double getDouble(String key, double defaultValue, double min, double max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        throw bad(key, raw.get(), "a number from " + min + " to " + max);
    }

    /**
     * A boolean: exactly {@code true} or {@code false}, in any case.
     *
     * @param key the key
     * @param defaultValue returned when the key is not set
     * @return the value
     * @throws MemoryConfigurationException if the value is neither
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        if (raw.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(key, raw.get(), "true or false");
    }

    /**
     * A positive duration, written as ISO-8601 ({@code PT30S}) or as a number and a unit
     * ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}).
     *
     * @param key the key
     * @param defaultValue returned when the key is not set
     * @return the value
     * @throws MemoryConfigurationException if the value is not a positive duration
     */
    public Duration getDuration(String key, Duration defaultValue) {
        required("defaultValue", defaultValue);
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration value = parseDuration(raw.get());
        if (value == null || value.isNegative() || value.isZero()) {
            throw bad(key, raw.get(), "a positive duration such as 250ms, 30s, 5m, 1h, 7d or PT30S");
        }
        return value;
    }

    /**
     * An enum constant, matched without regard to case and with {@code -} read as {@code _}.
     *
     * @param key the key
     * @param type the enum type
     * @param defaultValue returned when the key is not set
     * @param <E> the enum type
     * @return the value
     * @throws MemoryConfigurationException if the value names no constant
     */
    public <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue) {
        required("type", type);
        required("defaultValue", defaultValue);
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String wanted = raw.get().replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw bad(key, raw.get(), "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }

    /** @return the connect mode of option {@link #CONNECT}, {@code lazy} by default */
    public ConnectMode connectMode() {
        return getEnum(CONNECT, ConnectMode.class, ConnectMode.LAZY);
    }

    /**
     * An error for a bad value of {@code key}, in the same words as the typed getters; for providers that
     * check an option themselves.
     *
     * @param key the key
     * @param value the bad value (masked if the key names a secret)
     * @param allowed what is allowed
     * @return the exception, to throw
     */
    public static MemoryConfigurationException bad(String key, String value, String allowed) {
        required("key", key);
        required("value", value);
        required("allowed", allowed);
        return new MemoryConfigurationException(SOURCE, "configure", "option '" + key + "' is "
                + quote(key, value) + "; allowed: " + allowed);
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

    /** Whether the values of this key are secrets (its name mentions a password, secret, token or credential). */
    static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    private static String quote(String key, String value) {
        return isSecretKey(key) ? "'***'" : Requests.quote(redact(value));
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

    /** The explicit values, with secrets masked. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("MemoryOptions{");
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            b.append(sep).append(e.getKey()).append('=')
                    .append(isSecretKey(e.getKey()) ? "***" : redact(e.getValue()));
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
