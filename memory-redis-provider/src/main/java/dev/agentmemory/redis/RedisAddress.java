package dev.agentmemory.redis;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.StoreUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A parsed store URI: which topology, which nodes, TLS or not, database, Sentinel master and credentials.
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/database]
 * rediss://[[user]:password@]host[:port][/database]                                  (TLS)
 * redis-sentinel://[[user]:password@]host[:port][,host[:port]...]/master[/database][?tls=true]
 * redis-cluster://[[user]:password@]host[:port][,host[:port]...][?tls=true]
 * </pre>
 * Default ports are 6379, and 26379 for Sentinel. IPv6 hosts go in brackets ({@code [::1]:6379}). The user-info is
 * found by {@link StoreUri}'s rule (up to the last {@code @} before the hosts), so a password may hold any character
 * as it is except {@code %}, which starts a percent-escape ({@code %25} for a {@code %} itself); a {@code %} that
 * starts no escape is a {@link MemoryConfigurationException}. The password goes to Redisson through its
 * configuration, never inside an address. When the URI has no credentials, the options {@code username} and
 * {@code password} apply.
 *
 * <p>Immutable; {@link #toString()} never shows the password.
 *
 * @param topology standalone, Sentinel or Cluster
 * @param tls whether connections use TLS
 * @param nodes the data node (standalone), the Sentinels, or the Cluster seed nodes
 * @param database the logical database (always 0 for Cluster)
 * @param masterName the Sentinel master name, {@code null} unless Sentinel
 * @param username the user name, or {@code null} for the default user
 * @param password the password, or {@code null} for none
 * @param display the URI with credentials masked, for messages and logs
 */
record RedisAddress(Topology topology, boolean tls, List<Node> nodes, int database, @Nullable String masterName,
                    @Nullable String username, @Nullable String password, String display) {

    /** The deployment the URI names. */
    enum Topology {
        /** One server: {@code redis://} or {@code rediss://}. */
        STANDALONE,
        /** A master found through Sentinels: {@code redis-sentinel://}. */
        SENTINEL,
        /** A Redis Cluster, found from seed nodes: {@code redis-cluster://}. */
        CLUSTER
    }

    /**
     * One host and port.
     *
     * @param host a host name or an IP address (IPv6 without brackets)
     * @param port 1 to 65535
     */
    record Node(String host, int port) {

        /** @param tls whether to connect with TLS @return the address in Redisson's form, {@code redis://host:port} */
        String redissonAddress(boolean tls) {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return (tls ? "rediss://" : "redis://") + h + ":" + port;
        }
    }

    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final String OPEN = "open";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9._-]+)?");
    private static final Pattern MASTER = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    RedisAddress {
        nodes = List.copyOf(nodes);
    }

    /** The masked URI. */
    @Override
    public String toString() {
        return display;
    }

    /**
     * Parses a store URI.
     *
     * @param uri the URI, possibly with credentials
     * @param options for {@code username} and {@code password} when the URI has none
     * @return the address
     * @throws MemoryConfigurationException naming what is wrong and the accepted forms
     */
    static RedisAddress parse(String uri, MemoryOptions options) {
        String display = uri == null ? "(null)" : MemoryOptions.redact(uri.trim());
        if (uri == null || uri.isBlank()) {
            throw bad(display, "the URI is blank");
        }
        // The user-info is split off first, by the rule every provider shares: a password may hold '/', '?', '#',
        // '@' or spaces, and nothing below may see it (its messages echo hosts and parameters).
        StoreUri split = StoreUri.parse(uri);
        if (!uri.contains("://")) {
            throw bad(display, "the URI has no scheme");
        }
        String scheme = split.scheme().toLowerCase(Locale.ROOT);
        Topology topology;
        boolean tls = false;
        switch (scheme) {
            case "redis" -> topology = Topology.STANDALONE;
            case "rediss" -> {
                topology = Topology.STANDALONE;
                tls = true;
            }
            case "redis-sentinel" -> topology = Topology.SENTINEL;
            case "redis-cluster" -> topology = Topology.CLUSTER;
            default -> throw bad(display, "scheme '" + scheme + ":' is not served by the Redis provider");
        }
        String rest = split.afterUserInfo();
        if (rest.indexOf('#') >= 0) {
            throw bad(display, "the URI must not have a fragment ('#')");
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash + 1) : "";
        if (authority.indexOf('@') >= 0) {
            // No '@' is followed by a host: what precedes it may be a password, so it is not echoed.
            throw bad(display, "the user-info must end with '@' and a host, like redis://:password@host:6379");
        }

        String username = split.user().orElse(null);
        String password = split.password().filter(p -> !p.isEmpty()).orElse(null);
        if (username == null && password == null) {
            username = options.find(MemoryOptions.USERNAME).orElse(null);
            password = options.find(MemoryOptions.PASSWORD).orElse(null);
        }

        int defaultPort = topology == Topology.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        List<Node> nodes = new ArrayList<>();
        if (authority.isEmpty()) {
            throw bad(display, "the URI names no host");
        }
        for (String part : authority.split(",", -1)) {
            nodes.add(node(part, defaultPort, display));
        }
        if (topology == Topology.STANDALONE && nodes.size() != 1) {
            throw bad(display, scheme + ":// takes exactly one host; use redis-sentinel:// or redis-cluster:// for several");
        }

        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq >= 0 ? pair.substring(0, eq) : pair;
                String value = eq >= 0 ? pair.substring(eq + 1) : "";
                if (!key.equals("tls") || topology == Topology.STANDALONE) {
                    throw bad(display, "unknown query parameter '" + key + "'; the only one is tls=true|false, for "
                            + "redis-sentinel:// and redis-cluster:// (use rediss:// for one server with TLS); "
                            + "everything else is an option");
                }
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw bad(display, "query parameter tls must be true or false, got '" + value + "'");
                }
                tls = value.equalsIgnoreCase("true");
            }
        }

        int database = 0;
        String master = null;
        String[] segments = path.isEmpty() ? new String[0] : path.split("/", -1);
        switch (topology) {
            case STANDALONE -> {
                if (segments.length > 1) {
                    throw bad(display, "the path must be empty or a database number, like /0");
                }
                if (segments.length == 1 && !segments[0].isEmpty()) {
                    database = database(segments[0], display);
                }
            }
            case SENTINEL -> {
                if (segments.length == 0 || segments[0].isEmpty()) {
                    throw bad(display, "redis-sentinel:// needs the master name as the path, like "
                            + "redis-sentinel://h1:26379,h2:26379/mymaster[/database]");
                }
                if (segments.length > 2) {
                    throw bad(display, "the path must be /master or /master/database");
                }
                master = segments[0];
                if (!MASTER.matcher(master).matches()) {
                    throw bad(display, "the Sentinel master name must be 1 to 128 characters of [A-Za-z0-9._-]");
                }
                if (segments.length == 2 && !segments[1].isEmpty()) {
                    database = database(segments[1], display);
                }
            }
            case CLUSTER -> {
                if (segments.length > 1 || (segments.length == 1 && !segments[0].isEmpty() && !segments[0].equals("0"))) {
                    throw bad(display, "Redis Cluster has only database 0; leave the path empty");
                }
            }
        }
        return new RedisAddress(topology, tls, nodes, database, master, username, password, display);
    }

    private static Node node(String text, int defaultPort, String display) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(display, "unclosed '[' in host '" + text + "'");
            }
            host = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad(display, "expected ':port' after ']' in '" + text + "'");
                }
                port = after.substring(1);
            }
            if (!IPV6.matcher(host).matches()) {
                throw bad(display, "'" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = text.indexOf(':');
            host = colon >= 0 ? text.substring(0, colon) : text;
            port = colon >= 0 ? text.substring(colon + 1) : null;
            if (!HOST.matcher(host).matches()) {
                throw bad(display, "'" + host + "' is not a host name or address (IPv6 goes in brackets)");
            }
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw bad(display, "port '" + port + "' of host '" + host + "' is not a number from 1 to 65535");
            }
        }
        return new Node(host, p);
    }

    private static int database(String text, String display) {
        try {
            int db = Integer.parseInt(text);
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(display, "database '" + text + "' is not a number from 0 up");
    }

    private static MemoryConfigurationException bad(String display, String detail) {
        return new MemoryConfigurationException(display, OPEN, detail + ". Accepted forms: "
                + "redis://[user:password@]host[:port][/db], rediss://... (TLS), "
                + "redis-sentinel://[user:password@]host[:port][,host[:port]...]/master[/db][?tls=true], "
                + "redis-cluster://[user:password@]host[:port][,host[:port]...][?tls=true]");
    }
}
