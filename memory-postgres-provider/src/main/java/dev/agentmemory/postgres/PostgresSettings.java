package dev.agentmemory.postgres;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.StoreUri;
import dev.agentmemory.postgres.PostgresOptions.Migration;
import dev.agentmemory.postgres.PostgresOptions.SearchMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Everything a store needs to connect, read once from the URI and the options and validated at open time,
 * so that a bad configuration fails at once with {@link MemoryConfigurationException}.
 *
 * <p>Accepted addresses: {@code postgresql://[user[:password]@]host[:port][,host[:port]...][/database][?param=value...]}
 * (also {@code postgres://}), and any pgjdbc URL {@code jdbc:postgresql:...}, multi-host included, with or without a
 * user-info. The user-info is found by {@link StoreUri}'s rule (up to the last {@code @} before the hosts), so a
 * password may hold any character as it is except {@code %}, which starts a percent-escape. Query parameters go
 * to pgjdbc unchanged ({@code targetServerType=primary}, {@code sslmode=...}), except {@code password=} and
 * {@code sslpassword=}: like the user-info's password, they reach pgjdbc as connection properties, so no URL that
 * pgjdbc parses or logs holds a secret.
 *
 * @param jdbcUrl the pgjdbc URL, without user-info, {@code password=} or {@code sslpassword=}
 * @param address the address for messages and logs, credentials masked
 * @param username the user from the URI or the {@code username} option, or {@code null} to leave it to the URL
 * @param password the password from the URI (user-info or {@code password=}) or the {@code password} option, or
 *     {@code null}; it reaches pgjdbc as a connection property, never in the URL
 * @param sslPassword the {@code sslpassword=} of the URI, or {@code null}; a connection property too
 * @param applicationName the {@code application_name} of every connection
 * @param schema the schema of the store's tables
 * @param migration what to do with the schema on first use
 * @param searchMode the requested search mode
 * @param cubeDimensions dimensions of the cube projection, when the schema gets one
 * @param cubeDimensionsGiven whether the options set {@code cubeDimensions} (else it is the default), so that a schema
 *     whose cube has other dimensions is reported only when someone asked for these
 * @param candidates candidates of an index prefilter
 * @param vectorCacheMb MiB of vectors a long-term store keeps in its heap (0: none)
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
                        @Nullable String sslPassword, String applicationName, String schema, Migration migration,
                        SearchMode searchMode, int cubeDimensions, boolean cubeDimensionsGiven, int candidates, int vectorCacheMb, String extensionSchema, int poolMinSize,
                        int poolMaxSize, Duration acquireTimeout, Duration connectTimeout, Duration responseTimeout,
                        Duration closeTimeout, Duration leakTimeout, Duration validationInterval,
                        Duration idleValidation, Duration maxLifetime, boolean eager, Duration shortTermTtl,
                        int shortTermMaxEntries) {

    private static final String OPEN = "open";
    private static final String PASSWORD_PARAMETER = "password";
    private static final String SSL_PASSWORD_PARAMETER = "sslpassword";

    /**
     * Reads and validates the configuration.
     *
     * @param uri the address, possibly with credentials
     * @param options the options
     * @return the settings
     * @throws MemoryConfigurationException naming the option or the URI part that is wrong
     */
    static PostgresSettings parse(String uri, MemoryOptions options) {
        // The user-info is split off by the rule every provider shares, before anything parses the rest: pgjdbc
        // would read a password holding '/', '?' or '#' as a host, port or path, and log it ("invalid port number").
        StoreUri split = StoreUri.parse(uri);
        String address = split.redacted();
        String scheme = split.scheme().toLowerCase(Locale.ROOT);
        String rest = split.afterUserInfo();
        String jdbcUrl;
        if (uri.contains("://") && (scheme.equals("jdbc:postgresql") || scheme.equals("postgresql")
                || scheme.equals("postgres"))) {
            int slash = firstOf(rest, '/', '?');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String tail = slash < 0 ? "" : rest.substring(slash);
            if (authority.indexOf('@') >= 0) {
                // No '@' is followed by a host: what precedes it may be a password, so neither pgjdbc nor a
                // message may see it.
                throw new MemoryConfigurationException(address, OPEN, "the user-info must end with '@' and a host, "
                        + "like postgresql://user:password@host:5432/database");
            }
            if (scheme.startsWith("jdbc:")) {
                jdbcUrl = "jdbc:postgresql://" + rest;
            } else {
                jdbcUrl = "jdbc:postgresql://" + (authority.isEmpty() ? "localhost" : authority)
                        + (tail.startsWith("?") ? "/" + tail : tail);
            }
        } else if (scheme.startsWith("jdbc:postgresql:")) {
            jdbcUrl = split.withoutUserInfo();
        } else {
            throw new MemoryConfigurationException(address, OPEN, "not a PostgreSQL address; use "
                    + "postgresql://host:5432/database or jdbc:postgresql://host:5432/database");
        }
        String user = split.user().orElse(null);
        String password = split.password().orElse(null);
        // pgjdbc takes password= and sslpassword= from the URL too, and logs the URL: they become properties.
        Map<String, String> secrets = new HashMap<>();
        jdbcUrl = withoutSecretParameters(jdbcUrl, secrets, address);
        if (secrets.containsKey(PASSWORD_PARAMETER)) {
            if (password != null) {
                throw new MemoryConfigurationException(address, OPEN, "the URI gives the password twice, in its "
                        + "user-info and as password=; keep one");
            }
            password = secrets.get(PASSWORD_PARAMETER);
        }
        if (org.postgresql.Driver.parseURL(jdbcUrl, null) == null) {
            throw new MemoryConfigurationException(address, OPEN, "pgjdbc cannot parse the URL "
                    + MemoryOptions.redact(jdbcUrl) + "; use postgresql://host:5432/database");
        }
        if (user == null) {
            user = options.find(MemoryOptions.USERNAME).orElse(null);
        }
        if (password == null) {
            password = options.find(MemoryOptions.PASSWORD).orElse(null);
        }
        // Every duration option is positive, so Agroal's "0 = wait forever" can never be configured.
        return new PostgresSettings(jdbcUrl, address, user, password, secrets.get(SSL_PASSWORD_PARAMETER),
                options.get(MemoryOptions.CLIENT_NAME), options.get(PostgresOptions.SCHEMA),
                options.get(PostgresOptions.MIGRATION), options.get(PostgresOptions.SEARCH_MODE),
                options.get(PostgresOptions.CUBE_DIMENSIONS), options.find(PostgresOptions.CUBE_DIMENSIONS).isPresent(),
                options.get(PostgresOptions.CANDIDATES), options.get(PostgresOptions.VECTOR_CACHE),
                options.get(PostgresOptions.EXTENSION_SCHEMA), options.poolMinSize(),
                options.get(MemoryOptions.POOL_MAX_SIZE), options.get(MemoryOptions.POOL_ACQUIRE_TIMEOUT),
                options.get(MemoryOptions.CONNECT_TIMEOUT), options.get(MemoryOptions.RESPONSE_TIMEOUT),
                options.get(MemoryOptions.CLOSE_TIMEOUT), options.get(PostgresOptions.LEAK_TIMEOUT),
                options.get(PostgresOptions.VALIDATION_INTERVAL), options.get(PostgresOptions.IDLE_VALIDATION),
                options.get(PostgresOptions.MAX_LIFETIME), options.connectMode() == MemoryOptions.ConnectMode.EAGER,
                options.get(MemoryOptions.SHORT_TERM_TTL), options.get(MemoryOptions.SHORT_TERM_MAX_ENTRIES));
    }

    /**
     * The pgjdbc connection properties: {@code sslpassword}, {@code application_name} and the timeouts (user and
     * password go to the pool as its principal and credential, which pgjdbc receives as properties too).
     *
     * <p>No login timeout: with one, pgjdbc makes each connection on a thread of its own, which it abandons when the
     * timeout passes, and which nothing of the store can wait for or stop: {@code close()} could return while that
     * thread still held a socket that went on to log in once the server answered. Without it the connection is made
     * on the pool's thread, which the store waits for on close, and every step of it is bounded by the connect
     * timeout: the TCP connect by {@code connectTimeout}, and each read of the TLS negotiation, the login and the
     * session setup by {@code socketTimeout}, which pgjdbc puts on the socket before it sends the first byte. Once
     * the connection is made the pool raises its socket timeout to {@link #socketTimeout()}.
     *
     * @return fresh properties
     */
    Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", Long.toString(ceilSeconds(connectTimeout)));
        // Explicitly 0, not absent: pgjdbc would otherwise use DriverManager's login timeout, which is global.
        p.setProperty("loginTimeout", "0");
        p.setProperty("socketTimeout", Long.toString(ceilSeconds(connectTimeout)));
        p.setProperty("cancelSignalTimeout", Long.toString(ceilSeconds(connectTimeout)));
        p.setProperty("tcpKeepAlive", "true");
        if (sslPassword != null) {
            p.setProperty(SSL_PASSWORD_PARAMETER, sslPassword);
        }
        return p;
    }

    /**
     * The socket timeout of a connection once it is made: a backstop for a server that stops answering altogether,
     * longer than the statement timeout, which is set per statement (so that it surfaces as SQLState 57014).
     *
     * @return the timeout, {@value PostgresOptions#SOCKET_TIMEOUT_FACTOR} times the response timeout plus
     *     {@value PostgresOptions#SOCKET_TIMEOUT_MARGIN_SECONDS} s
     */
    Duration socketTimeout() {
        return Duration.ofSeconds(ceilSeconds(responseTimeout) * PostgresOptions.SOCKET_TIMEOUT_FACTOR
                + PostgresOptions.SOCKET_TIMEOUT_MARGIN_SECONDS);
    }

    /**
     * The longest a connection being made can take against a server that stops answering (see
     * {@link #driverProperties()}): the TCP connect, bounded by the connect timeout; the answer to pgjdbc's TLS request
     * (with the default {@code sslmode=prefer}), which it waits for at most the connect timeout and, if none comes,
     * tries again without TLS on a new socket (whose connect gets what is left of the connect timeout); then the read
     * of that attempt that gets no answer, at most the connect timeout again. A server that trickles bytes slowly
     * enough can take longer; close() then says so in a warning.
     *
     * @return {@value PostgresOptions#CONNECTION_BOUND_FACTOR} times the connect timeout, in whole seconds as pgjdbc
     *     takes it
     */
    Duration connectionBound() {
        return Duration.ofSeconds(ceilSeconds(connectTimeout) * PostgresOptions.CONNECTION_BOUND_FACTOR);
    }

    /** @return the statement timeout in whole seconds, at least 1 */
    int statementTimeoutSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, ceilSeconds(responseTimeout));
    }

    static long ceilSeconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    /**
     * The URL without its {@code password=} and {@code sslpassword=} parameters, which go into {@code secrets},
     * decoded as pgjdbc decodes URL parameters.
     */
    private static String withoutSecretParameters(String url, Map<String, String> secrets, String address) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : url.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(PASSWORD_PARAMETER) || name.equals(SSL_PASSWORD_PARAMETER)) {
                try {
                    secrets.put(name, URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new MemoryConfigurationException(address, OPEN, "the " + name + " parameter of the URI is "
                            + "not valid percent-encoding (write '%' as %25)");
                }
            } else if (!pair.isEmpty()) {
                kept.add(pair);
            }
        }
        return kept.length() == 0 ? url.substring(0, q) : url.substring(0, q + 1) + kept;
    }

    /** Credentials masked. */
    @Override
    public String toString() {
        return "PostgresSettings{address=" + address + ", schema=" + schema + ", applicationName=" + applicationName
                + ", searchMode=" + searchMode + ", pool=" + poolMinSize + ".." + poolMaxSize + "}";
    }
}
