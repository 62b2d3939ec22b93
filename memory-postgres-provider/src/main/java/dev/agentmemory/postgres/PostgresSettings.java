package dev.agentmemory.postgres;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.postgres.PostgresOptions.Migration;
import dev.agentmemory.postgres.PostgresOptions.SearchMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything a store needs to connect, read once from the URI and the options and validated at open time,
 * so that a bad configuration fails at once with {@link MemoryConfigurationException}.
 *
 * <p>Accepted addresses: {@code postgresql://[user[:password]@]host[:port][,host[:port]...][/database][?param=value...]}
 * (also {@code postgres://}), and any pgjdbc URL {@code jdbc:postgresql:...}, multi-host included. Query
 * parameters go to pgjdbc unchanged ({@code targetServerType=primary}, {@code sslmode=...}).
 *
 * @param jdbcUrl the pgjdbc URL, without the user-info of a {@code postgresql://} URI
 * @param address the address for messages and logs, credentials masked
 * @param username the user from the URI or the {@code username} option, or {@code null} to leave it to the URL
 * @param password the password from the URI or the {@code password} option, or {@code null}
 * @param applicationName the {@code application_name} of every connection
 * @param schema the schema of the store's tables
 * @param migration what to do with the schema on first use
 * @param searchMode the requested search mode
 * @param cubeDimensions dimensions of the cube projection, when the schema gets one
 * @param candidates candidates of an index prefilter
 * @param extensionSchema where to create a missing extension
 * @param poolMinSize smallest pool
 * @param poolMaxSize largest pool
 * @param acquireTimeout how long to wait for a pooled connection (never zero)
 * @param connectTimeout TCP connect and login timeout
 * @param responseTimeout statement timeout
 * @param closeTimeout upper bound on close
 * @param leakTimeout when a held connection is logged as a leak
 * @param validationInterval background validation
 * @param idleValidation validation on borrow after this much idleness
 * @param maxLifetime connection lifetime
 * @param eager whether to connect (and migrate) while opening
 * @param shortTermTtl the sliding TTL of a short-term session
 * @param shortTermMaxEntries entries kept per short-term session
 */
record PostgresSettings(String jdbcUrl, String address, @Nullable String username, @Nullable String password,
                        String applicationName, String schema, Migration migration, SearchMode searchMode,
                        int cubeDimensions, int candidates, String extensionSchema, int poolMinSize,
                        int poolMaxSize, Duration acquireTimeout, Duration connectTimeout, Duration responseTimeout,
                        Duration closeTimeout, Duration leakTimeout, Duration validationInterval,
                        Duration idleValidation, Duration maxLifetime, boolean eager, Duration shortTermTtl,
                        int shortTermMaxEntries) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9._:@/ -]{1,63}");
    private static final String OPEN = "open";

    /**
     * Reads and validates the configuration.
     *
     * @param uri the address, possibly with credentials
     * @param options the options
     * @return the settings
     * @throws MemoryConfigurationException naming the option or the URI part that is wrong
     */
    static PostgresSettings parse(String uri, MemoryOptions options) {
        String address = MemoryOptions.redact(uri.trim());
        String jdbcUrl;
        String user = null;
        String password = null;
        String trimmed = uri.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            jdbcUrl = trimmed;
        } else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            String rest = trimmed.substring(trimmed.indexOf("://") + 3);
            int slash = firstOf(rest, '/', '?');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String tail = slash < 0 ? "" : rest.substring(slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                authority = authority.substring(at + 1);
                int colon = userInfo.indexOf(':');
                user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), address);
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1), address);
                if (user.isEmpty()) {
                    user = null;
                }
            }
            if (authority.isEmpty()) {
                authority = "localhost";
            }
            jdbcUrl = "jdbc:postgresql://" + authority + (tail.startsWith("?") ? "/" + tail : tail);
        } else {
            throw new MemoryConfigurationException(address, OPEN, "not a PostgreSQL address; use "
                    + "postgresql://host:5432/database or jdbc:postgresql://host:5432/database");
        }
        if (org.postgresql.Driver.parseURL(jdbcUrl, null) == null) {
            throw new MemoryConfigurationException(address, OPEN, "pgjdbc cannot parse the URL "
                    + MemoryOptions.redact(jdbcUrl) + "; use postgresql://host:5432/database");
        }
        if (user == null) {
            user = options.get(MemoryOptions.USERNAME).filter(s -> !s.isEmpty()).orElse(null);
        }
        if (password == null) {
            password = options.get(MemoryOptions.PASSWORD).orElse(null);
        }

        String applicationName = options.getString(MemoryOptions.CLIENT_NAME, PostgresOptions.DEFAULT_APPLICATION_NAME);
        if (!APPLICATION_NAME.matcher(applicationName).matches()) {
            throw MemoryOptions.bad(MemoryOptions.CLIENT_NAME, applicationName,
                    "1 to 63 characters of [A-Za-z0-9._:@/ -] (PostgreSQL's application_name)");
        }
        String schema = identifier(options, PostgresOptions.SCHEMA, PostgresOptions.DEFAULT_SCHEMA);
        String extensionSchema = identifier(options, PostgresOptions.EXTENSION_SCHEMA,
                PostgresOptions.DEFAULT_EXTENSION_SCHEMA);

        int poolMax = options.getInt(MemoryOptions.POOL_MAX_SIZE, MemoryDefaults.POOL_MAX_SIZE, 1, 1000);
        int poolMin = options.getInt(MemoryOptions.POOL_MIN_SIZE, Math.min(MemoryDefaults.POOL_MIN_SIZE, poolMax), 0, 1000);
        if (poolMin > poolMax) {
            throw MemoryOptions.bad(MemoryOptions.POOL_MIN_SIZE, Integer.toString(poolMin),
                    "at most " + MemoryOptions.POOL_MAX_SIZE + " (" + poolMax + ")");
        }
        // getDuration rejects zero and negative values, so Agroal's "0 = wait forever" can never be configured.
        Duration acquire = options.getDuration(MemoryOptions.POOL_ACQUIRE_TIMEOUT, MemoryDefaults.POOL_ACQUIRE_TIMEOUT);
        Duration connect = options.getDuration(MemoryOptions.CONNECT_TIMEOUT, MemoryDefaults.CONNECT_TIMEOUT);
        Duration response = options.getDuration(MemoryOptions.RESPONSE_TIMEOUT, MemoryDefaults.RESPONSE_TIMEOUT);
        Duration close = options.getDuration(MemoryOptions.CLOSE_TIMEOUT, MemoryDefaults.CLOSE_TIMEOUT);

        return new PostgresSettings(jdbcUrl, address, user, password, applicationName, schema,
                options.getEnum(PostgresOptions.MIGRATION, Migration.class, Migration.MIGRATE),
                options.getEnum(PostgresOptions.SEARCH_MODE, SearchMode.class, SearchMode.AUTO),
                options.getInt(PostgresOptions.CUBE_DIMENSIONS, PostgresOptions.DEFAULT_CUBE_DIMENSIONS, 8, 100),
                options.getInt(PostgresOptions.CANDIDATES, PostgresOptions.DEFAULT_CANDIDATES,
                        MemoryDefaults.SEARCH_MAX_LIMIT, 10_000),
                extensionSchema, poolMin, poolMax, acquire, connect, response, close,
                options.getDuration(PostgresOptions.LEAK_TIMEOUT, PostgresOptions.DEFAULT_LEAK_TIMEOUT),
                options.getDuration(PostgresOptions.VALIDATION_INTERVAL, PostgresOptions.DEFAULT_VALIDATION_INTERVAL),
                options.getDuration(PostgresOptions.IDLE_VALIDATION, PostgresOptions.DEFAULT_IDLE_VALIDATION),
                options.getDuration(PostgresOptions.MAX_LIFETIME, PostgresOptions.DEFAULT_MAX_LIFETIME),
                options.connectMode() == MemoryOptions.ConnectMode.EAGER,
                options.getDuration(MemoryOptions.SHORT_TERM_TTL, MemoryDefaults.SHORT_TERM_TTL),
                options.getInt(MemoryOptions.SHORT_TERM_MAX_ENTRIES, MemoryDefaults.SHORT_TERM_MAX_ENTRIES, 1, 1_000_000));
    }

    /**
     * The pgjdbc connection properties: credentials, {@code application_name} and the timeouts. The statement
     * timeout itself is set per statement (so it surfaces as SQLState 57014); the socket timeout is a backstop
     * for a server that stops answering altogether.
     *
     * @return fresh properties
     */
    Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", Long.toString(ceilSeconds(connectTimeout)));
        p.setProperty("loginTimeout", Long.toString(ceilSeconds(connectTimeout)));
        p.setProperty("socketTimeout", Long.toString(ceilSeconds(responseTimeout) * 2 + 5));
        p.setProperty("cancelSignalTimeout", Long.toString(ceilSeconds(connectTimeout)));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    /** @return the statement timeout in whole seconds, at least 1 */
    int statementTimeoutSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, ceilSeconds(responseTimeout));
    }

    static long ceilSeconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }

    private static String identifier(MemoryOptions options, String key, String defaultValue) {
        String value = options.getString(key, defaultValue);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw MemoryOptions.bad(key, value, "a lower-case SQL identifier: [a-z_][a-z0-9_]*, at most 63 characters");
        }
        return value;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    private static String decode(String part, String address) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MemoryConfigurationException(address, OPEN, "the user-info of the URI is not valid percent-encoding");
        }
    }

    /** Credentials masked. */
    @Override
    public String toString() {
        return "PostgresSettings{address=" + address + ", schema=" + schema + ", applicationName=" + applicationName
                + ", searchMode=" + searchMode + ", pool=" + poolMinSize + ".." + poolMaxSize + "}";
    }
}
