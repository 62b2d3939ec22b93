package dev.agentmemory.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain RESP2 client for tests: reads back what the store wrote with the commands an operator would type in
 * redis-cli, independently of Redisson. Not thread-safe.
 */
final class RespClient implements AutoCloseable {

    /** An error reply. */
    static final class ErrorReply extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespClient(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port, e);
        }
    }

    /** Sends one command and returns the reply: String, Long, List, or null. */
    Object call(String... args) {
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
            throw new UncheckedIOException(e);
        }
    }

    String string(String... args) {
        Object r = call(args);
        return r == null ? null : r.toString();
    }

    long number(String... args) {
        return (Long) call(args);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String... args) {
        return (List<Object>) call(args);
    }

    private Object read() throws IOException {
        int type = in.read();
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
                byte[] data = in.readNBytes(n);
                in.readNBytes(2);
                return new String(data, StandardCharsets.UTF_8);
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
                throw new IOException("unexpected RESP type " + type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Deletes every key under {@code prefix:} with SCAN and DEL. */
    void deletePrefix(String prefix) {
        String cursor = "0";
        do {
            List<Object> page = list("SCAN", cursor, "MATCH", prefix + ":*", "COUNT", "1000");
            cursor = (String) page.get(0);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) page.get(1);
            for (Object key : keys) {
                call("DEL", (String) key);
            }
        } while (!cursor.equals("0"));
    }

    /** Keys under {@code prefix:}. */
    List<String> keys(String prefix) {
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

    /** Connections whose client name is {@code name}, from CLIENT LIST. */
    long connectionsNamed(String name) {
        String list = string("CLIENT", "LIST");
        return list.lines().filter(l -> (" " + l + " ").contains(" name=" + name + " ")).count();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
