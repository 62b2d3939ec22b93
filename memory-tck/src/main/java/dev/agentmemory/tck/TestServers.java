package dev.agentmemory.tck;

import dev.agentmemory.MemoryOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Finds a Redis or PostgreSQL server for tests, and counts the connections a store holds on it.
 *
 * <p>A server comes from the environment ({@value #REDIS_ENV}, {@value #POSTGRES_ENV}); else, when
 * {@code org.testcontainers:testcontainers} is on the test class path and a Docker engine answers, from a
 * container started once per JVM (Testcontainers is used by reflection only, so it never enters this module's
 * graph); else the call fails with a message that names both ways and why the second one did not work.
 *
 * <p>Thread-safe. The started containers are kept for the life of the JVM (Testcontainers removes them after it).
 */
public final class TestServers {

    /** Environment variable with a Redis URI, for example {@code redis://127.0.0.1:6379}. */
    public static final String REDIS_ENV = "AGENTMEMORY_TEST_REDIS_URI";
    /** Environment variable with a PostgreSQL JDBC URL, for example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
    public static final String POSTGRES_ENV = "AGENTMEMORY_TEST_POSTGRES_URL";

    static final Kind REDIS = new Kind("Redis", REDIS_ENV, "redis://127.0.0.1:6379", 6379,
            "redis:7-alpine", Map.of(), ".*Ready to accept connections.*", 1,
            (host, port) -> "redis://" + host + ":" + port);
    static final Kind POSTGRES = new Kind("PostgreSQL", POSTGRES_ENV, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            5432, "postgres:15-alpine", Map.of("POSTGRES_HOST_AUTH_METHOD", "trust", "POSTGRES_DB", "test"),
            // the official image logs it twice: once for its init run, once when it really listens
            ".*database system is ready to accept connections.*", 2,
            (host, port) -> "jdbc:postgresql://" + host + ":" + port + "/test?user=postgres");
    private static final int TIMEOUT_MILLIS = 5_000;

    private TestServers() {
    }

    /**
     * A Redis server for tests.
     *
     * @return the server
     * @throws IllegalStateException if neither {@value #REDIS_ENV} nor Testcontainers with a Docker engine gives one
     */
    public static TestServer redis() {
        return find(REDIS, System::getenv, DockerContainers.INSTANCE);
    }

    /**
     * A PostgreSQL server for tests. Its {@link TestServer#uri()} is a JDBC URL.
     *
     * @return the server
     * @throws IllegalStateException if neither {@value #POSTGRES_ENV} nor Testcontainers with a Docker engine gives one
     */
    public static TestServer postgres() {
        return find(POSTGRES, System::getenv, DockerContainers.INSTANCE);
    }

    /**
     * Whether {@code org.testcontainers:testcontainers} can be loaded the way {@link #redis()} and {@link #postgres()}
     * load it when no environment variable is set. A module whose tests need servers can assert it, so that a build
     * change that drops Testcontainers from its test class path fails its own tests rather than a laptop's run.
     * Says nothing about Docker.
     *
     * @return whether the Testcontainers classes the fallback uses are on the class path
     */
    public static boolean testcontainersOnClassPath() {
        return DockerContainers.onClassPath();
    }

    /** A kind of server: where the environment names it, and the container that stands in for it. */
    record Kind(String name, String variable, String example, int defaultPort, String image,
                Map<String, String> containerEnv, String readyLog, int readyTimes,
                BiFunction<String, Integer, String> containerUri) {
    }

    /** Containers of this JVM: whether they can be started here, and starting them. */
    interface Containers {
        /** @return why no container can be started here (Testcontainers missing, no Docker engine), or empty */
        Optional<String> unavailable();

        /** Starts the kind's container, or returns the one started before. @return its host and mapped port */
        TestServer start(Kind kind);
    }

    /** The one decision: the environment variable if set, else a container if one can start, else the failure. */
    static TestServer find(Kind kind, UnaryOperator<@Nullable String> env, Containers containers) {
        String value = env.apply(kind.variable());
        if (value != null && !value.isBlank()) {
            String uri = value.trim();
            URI parsed = parse(uri.startsWith("jdbc:") ? uri.substring("jdbc:".length()) : uri, kind.variable());
            return new TestServer(uri, parsed.getHost(), parsed.getPort() < 0 ? kind.defaultPort() : parsed.getPort(),
                    kind.variable());
        }
        Optional<String> unavailable = containers.unavailable();
        if (unavailable.isPresent()) {
            throw new IllegalStateException("No " + kind.name() + " server for the tests: " + kind.variable()
                    + " is not set, and " + unavailable.get() + ". Either set the environment variable "
                    + kind.variable() + " (for example " + kind.variable() + "=" + kind.example() + "), or start a "
                    + "Docker engine and put org.testcontainers:testcontainers on the test class path, so that the "
                    + "TCK can start " + kind.image() + ".");
        }
        TestServer container = containers.start(kind);
        return new TestServer(kind.containerUri().apply(container.host(), container.port()), container.host(),
                container.port(), container.source());
    }

    private static URI parse(String uri, String variable) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getHost() == null) {
                throw new IllegalStateException(variable + " has no host: " + MemoryOptions.redact(uri));
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(variable + " is not a URI: " + MemoryOptions.redact(uri), e);
        }
    }

    /**
     * How many connections a Redis server holds whose client name is {@code clientName} ({@code CLIENT LIST}).
     *
     * @param server the server (its URI's password, if any, is used to authenticate)
     * @param clientName the name
     * @return the count
     * @throws UncheckedIOException if the server cannot be asked
     */
    public static long redisConnections(TestServer server, String clientName) {
        try (Socket socket = new Socket()) {
            socket.connect(server.address(), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String userInfo = parse(server.uri(), "the Redis URI").getRawUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8);
                String password = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(colon + 1), StandardCharsets.UTF_8);
                Object reply = command(out, in, user.isEmpty() ? List.of("AUTH", password) : List.of("AUTH", user, password));
                if (reply instanceof IOException e) {
                    throw e;
                }
            }
            Object reply = command(out, in, List.of("CLIENT", "LIST"));
            if (reply instanceof IOException e) {
                throw e;
            }
            long count = 0;
            for (String line : String.valueOf(reply).split("\n")) {
                for (String field : line.trim().split(" ")) {
                    if (field.equals("name=" + clientName)) {
                        count++;
                    }
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count Redis connections at " + server, e);
        }
    }

    /** Sends one RESP command and reads a simple, error or bulk reply; an error comes back as an IOException. */
    private static Object command(OutputStream out, InputStream in, List<String> args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.size()).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new IOException("Redis replied " + line);
            case '$':
                int length = Integer.parseInt(line);
                byte[] body = in.readNBytes(length);
                readLine(in);
                return new String(body, StandardCharsets.UTF_8);
            default:
                throw new IOException("unexpected Redis reply type " + type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /**
     * How many connections a PostgreSQL server holds whose {@code application_name} is {@code applicationName}
     * ({@code pg_stat_activity}). Needs a JDBC driver for the URL on the test path.
     *
     * @param server the server; its URI is a JDBC URL
     * @param applicationName the name
     * @return the count
     * @throws IllegalStateException if the server cannot be asked
     */
    public static long postgresConnections(TestServer server, String applicationName) {
        try (Connection c = DriverManager.getConnection(server.uri());
             PreparedStatement s = c.prepareStatement(
                     "select count(*) from pg_stat_activity where application_name = ?")) {
            s.setString(1, applicationName);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count PostgreSQL connections at " + server + ": " + e.getMessage(), e);
        }
    }
}
