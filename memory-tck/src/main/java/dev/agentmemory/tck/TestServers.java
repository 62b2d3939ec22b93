package dev.agentmemory.tck;

import dev.agentmemory.MemoryOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Finds a Redis or PostgreSQL server for tests, and counts the connections a store holds on it.
 *
 * <p>A server comes from the environment ({@value #REDIS_ENV}, {@value #POSTGRES_ENV}); else, when
 * {@code org.testcontainers:testcontainers} is on the test class path and a Docker engine answers, from a
 * container started once per JVM (Testcontainers is used by reflection only, so it never enters this module's
 * graph); else the call fails with a message that names both ways.
 *
 * <p>Thread-safe. The started containers are kept for the life of the JVM (Testcontainers removes them after it).
 */
public final class TestServers {

    /** Environment variable with a Redis URI, for example {@code redis://127.0.0.1:6379}. */
    public static final String REDIS_ENV = "AGENTMEMORY_TEST_REDIS_URI";
    /** Environment variable with a PostgreSQL JDBC URL, for example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
    public static final String POSTGRES_ENV = "AGENTMEMORY_TEST_POSTGRES_URL";

    static final String REDIS_IMAGE = "redis:7-alpine";
    static final String POSTGRES_IMAGE = "postgres:15-alpine";
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final Map<String, TestServer> CONTAINERS = new ConcurrentHashMap<>();

    private TestServers() {
    }

    /**
     * A Redis server for tests.
     *
     * @return the server
     * @throws IllegalStateException if neither {@value #REDIS_ENV} nor Testcontainers with a Docker engine gives one
     */
    public static TestServer redis() {
        return redis(System::getenv, TestServers::startContainer);
    }

    /**
     * A PostgreSQL server for tests. Its {@link TestServer#uri()} is a JDBC URL.
     *
     * @return the server
     * @throws IllegalStateException if neither {@value #POSTGRES_ENV} nor Testcontainers with a Docker engine gives one
     */
    public static TestServer postgres() {
        return postgres(System::getenv, TestServers::startContainer);
    }

    /** Starts (or returns the running) container of an image; empty if Testcontainers or Docker is missing. */
    interface Containers {
        Optional<TestServer> start(String image, int port, Map<String, String> env, String readyLog, int readyTimes);
    }

    static TestServer redis(UnaryOperator<@Nullable String> env, Containers containers) {
        String uri = env.apply(REDIS_ENV);
        if (uri != null && !uri.isBlank()) {
            URI parsed = parse(uri.trim(), REDIS_ENV);
            return new TestServer(uri.trim(), parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort(), REDIS_ENV);
        }
        return containers.start(REDIS_IMAGE, 6379, Map.of(), ".*Ready to accept connections.*", 1)
                .map(s -> new TestServer("redis://" + s.host() + ":" + s.port(), s.host(), s.port(), s.source()))
                .orElseThrow(() -> missing("Redis", REDIS_ENV, "redis://127.0.0.1:6379", REDIS_IMAGE));
    }

    static TestServer postgres(UnaryOperator<@Nullable String> env, Containers containers) {
        String url = env.apply(POSTGRES_ENV);
        if (url != null && !url.isBlank()) {
            String trimmed = url.trim();
            URI parsed = parse(trimmed.startsWith("jdbc:") ? trimmed.substring(5) : trimmed, POSTGRES_ENV);
            return new TestServer(trimmed, parsed.getHost(), parsed.getPort() < 0 ? 5432 : parsed.getPort(), POSTGRES_ENV);
        }
        return containers.start(POSTGRES_IMAGE, 5432, Map.of("POSTGRES_HOST_AUTH_METHOD", "trust", "POSTGRES_DB", "test"),
                        ".*database system is ready to accept connections.*", 2)
                .map(s -> new TestServer("jdbc:postgresql://" + s.host() + ":" + s.port() + "/test?user=postgres",
                        s.host(), s.port(), s.source()))
                .orElseThrow(() -> missing("PostgreSQL", POSTGRES_ENV,
                        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", POSTGRES_IMAGE));
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

    private static IllegalStateException missing(String what, String variable, String example, String image) {
        return new IllegalStateException("No " + what + " server for the tests. Either set the environment variable "
                + variable + " (for example " + variable + "=" + example + "), or start a Docker engine and put "
                + "org.testcontainers:testcontainers on the test class path, so that the TCK can start " + image + ".");
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

    // ---- Testcontainers, by reflection

    static Optional<TestServer> startContainer(String image, int port, Map<String, String> env, String readyLog,
                                                       int readyTimes) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> factory;
        try {
            factory = Class.forName("org.testcontainers.DockerClientFactory", true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        try {
            Object docker = factory.getMethod("instance").invoke(null);
            if (!(Boolean) factory.getMethod("isDockerAvailable").invoke(docker)) {
                return Optional.empty();
            }
            TestServer running = CONTAINERS.computeIfAbsent(image, i -> start(loader, image, port, env, readyLog, readyTimes));
            return Optional.of(running);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Testcontainers is on the class path but could not start " + image, e);
        }
    }

    private static TestServer start(ClassLoader loader, String image, int port, Map<String, String> env, String readyLog,
                                    int readyTimes) {
        try {
            Class<?> generic = Class.forName("org.testcontainers.containers.GenericContainer", true, loader);
            Class<?> strategy = Class.forName("org.testcontainers.containers.wait.strategy.WaitStrategy", true, loader);
            Class<?> wait = Class.forName("org.testcontainers.containers.wait.strategy.Wait", true, loader);
            Object container = generic.getConstructor(String.class).newInstance(image);
            Object ports = Array.newInstance(Integer.class, 1);
            Array.set(ports, 0, port);
            generic.getMethod("withExposedPorts", Integer[].class).invoke(container, ports);
            Method withEnv = generic.getMethod("withEnv", String.class, String.class);
            for (Map.Entry<String, String> e : env.entrySet()) {
                withEnv.invoke(container, e.getKey(), e.getValue());
            }
            Object ready = wait.getMethod("forLogMessage", String.class, int.class).invoke(null, readyLog, readyTimes);
            generic.getMethod("waitingFor", strategy).invoke(container, ready);
            generic.getMethod("start").invoke(container);
            String host = (String) generic.getMethod("getHost").invoke(container);
            int mapped = (Integer) generic.getMethod("getMappedPort", int.class).invoke(container, port);
            return new TestServer(host + ":" + mapped, host, mapped, "testcontainers");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Testcontainers could not start " + image + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Testcontainers version does not fit the TCK; set the environment "
                    + "variable instead", e);
        }
    }
}
