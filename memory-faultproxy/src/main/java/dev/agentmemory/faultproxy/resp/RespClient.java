package dev.agentmemory.faultproxy.resp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One plain RESP2 connection for tests and test harnesses: it asks a Redis server what an operator would ask with
 * redis-cli (PING, CLIENT LIST, SCAN, the keys a store wrote), independently of the driver under test, which would
 * otherwise count itself among the connections it is asked to count. Not thread-safe: one command at a time.
 */
public final class RespClient implements AutoCloseable {

    /** How long {@link #RespClient(String, int)} waits to connect and for each reply. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** An error reply from the server ({@code -ERR ...}, {@code -LOADING ...}); the message is the line after the dash. */
    public static final class ErrorReply extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Connects, waiting up to {@link #DEFAULT_TIMEOUT} to connect and for each reply.
     *
     * @param host the server's host
     * @param port the server's port
     * @throws UncheckedIOException if the server cannot be reached
     */
    public RespClient(String host, int port) {
        this(host, port, DEFAULT_TIMEOUT);
    }

    /**
     * Connects.
     *
     * @param host the server's host
     * @param port the server's port
     * @param timeout how long to wait to connect, and for each reply
     * @throws UncheckedIOException if the server cannot be reached
     */
    public RespClient(String host, int port, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port, e);
        }
    }

    /**
     * Sends one command and reads its reply.
     *
     * @param args the command and its arguments
     * @return a simple or bulk string as {@code String}, an integer as {@code Long}, an array as a {@code List} (an
     *     error inside an array is an {@link ErrorReply} element), or null for a null bulk string or array
     * @throws ErrorReply if the server answers with an error
     * @throws UncheckedIOException if the connection fails or times out
     */
    public @Nullable Object call(String... args) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
                b.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                b.write(bytes);
                b.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(b.toByteArray());
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("RESP " + (args.length == 0 ? "" : args[0]) + " failed", e);
        }
    }

    /**
     * {@link #call} for a reply read as text.
     *
     * @param args the command and its arguments
     * @return the reply as text ({@code "OK"}, {@code "PONG"}, a value, an integer's digits), or null for a null reply
     * @throws ErrorReply if the server answers with an error
     * @throws UncheckedIOException if the connection fails or times out
     */
    public @Nullable String string(String... args) {
        Object r = call(args);
        return r == null ? null : r.toString();
    }

    /**
     * {@link #call} for an integer reply.
     *
     * @param args the command and its arguments
     * @return the integer
     * @throws ErrorReply if the server answers with an error
     * @throws ClassCastException if the reply is not an integer
     * @throws UncheckedIOException if the connection fails or times out
     */
    public long number(String... args) {
        return (Long) call(args);
    }

    /**
     * {@link #call} for an array reply.
     *
     * @param args the command and its arguments
     * @return the elements, as {@link #call} returns them
     * @throws ErrorReply if the server answers with an error
     * @throws ClassCastException if the reply is not an array
     * @throws UncheckedIOException if the connection fails or times out
     */
    @SuppressWarnings("unchecked")
    public List<Object> list(String... args) {
        return (List<Object>) call(args);
    }

    /**
     * The keys under {@code prefix:}, found with SCAN.
     *
     * @param prefix a key prefix, without the trailing colon
     * @return the keys, in the server's order
     * @throws UncheckedIOException if the connection fails or times out
     */
    public List<String> keys(String prefix) {
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            List<Object> page = list("SCAN", cursor, "MATCH", prefix + ":*", "COUNT", "1000");
            cursor = (String) page.get(0);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) page.get(1);
            keys.forEach(k -> found.add((String) k));
        } while (!cursor.equals("0"));
        return found;
    }

    /**
     * Deletes every key under {@code prefix:} with SCAN and DEL.
     *
     * @param prefix a key prefix, without the trailing colon; never blank
     * @throws IllegalArgumentException if the prefix is blank or holds a {@code *}
     * @throws UncheckedIOException if the connection fails or times out
     */
    public void deletePrefix(String prefix) {
        if (prefix.isBlank() || prefix.contains("*")) {
            throw new IllegalArgumentException("prefix must name one test's keys, got '" + prefix + "'");
        }
        for (String key : keys(prefix)) {
            call("DEL", key);
        }
    }

    /**
     * Counts the connections that carry a client name, from CLIENT LIST (this connection has none).
     *
     * @param name the client name
     * @return how many connections carry it
     * @throws ErrorReply if the server refuses CLIENT LIST
     * @throws UncheckedIOException if the connection fails or times out
     */
    public long connectionsNamed(String name) {
        String list = string("CLIENT", "LIST");
        return list == null ? 0 : list.lines().filter(l -> (" " + l.trim() + " ").contains(" name=" + name + " ")).count();
    }

    private @Nullable Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                if (data.length < n + 2) {
                    throw new EOFException("connection closed in a reply");
                }
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    try {
                        items.add(read());
                    } catch (ErrorReply e) {
                        items.add(e);
                    }
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + (char) type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed in a reply");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Closes the connection; idempotent. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket of a test client: nothing left to release.
        }
    }
}
