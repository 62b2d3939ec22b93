package dev.agentmemory.resilience;

import dev.agentmemory.tck.TestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Deletes what a test wrote under its own key prefix on the shared Redis (SCAN + UNLINK, never FLUSH). */
final class RedisKeys {

    private RedisKeys() {
    }

    static void deleteAll(TestServer server, String prefix) {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String userInfo = URI.create(server.uri()).getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                List<String> auth = colon < 0 ? List.of("AUTH", userInfo)
                        : colon == 0 ? List.of("AUTH", userInfo.substring(1))
                        : List.of("AUTH", userInfo.substring(0, colon), userInfo.substring(colon + 1));
                command(out, in, auth);
            }
            String cursor = "0";
            do {
                List<?> reply = (List<?>) command(out, in, List.of("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"));
                cursor = (String) reply.get(0);
                List<String> keys = new ArrayList<>();
                for (Object key : (List<?>) reply.get(1)) {
                    keys.add((String) key);
                }
                if (!keys.isEmpty()) {
                    List<String> unlink = new ArrayList<>(List.of("UNLINK"));
                    unlink.addAll(keys);
                    command(out, in, unlink);
                }
            } while (!cursor.equals("0"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up Redis keys " + prefix + "*", e);
        }
    }

    private static Object command(OutputStream out, InputStream in, List<String> args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.size()).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read(in);
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', ':':
                return line;
            case '-':
                throw new IOException("Redis error: " + line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected Redis reply type " + (char) type);
        }
    }

    private static String line(InputStream in) throws IOException {
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
}
