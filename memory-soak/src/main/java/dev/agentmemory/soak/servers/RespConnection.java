package dev.agentmemory.soak.servers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One plain RESP connection to a private redis-server, for the harness's own questions (PING, CLIENT LIST): a driver
 * would count itself among the connections it is asked to count. Not thread-safe; one command at a time.
 */
final class RespConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RespConnection(int port, Duration timeout) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends a command and reads its reply: a simple or bulk string, an integer as text, or an error as
     * {@code "-ERR ..."} (so that {@code -LOADING} can be told from {@code PONG}).
     */
    String command(String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line = line();
        return switch (line.charAt(0)) {
            case '+', ':' -> line.substring(1);
            case '-' -> line;
            case '$' -> bulk(Integer.parseInt(line.substring(1)));
            default -> throw new IOException("unexpected reply to " + args[0] + ": " + line);
        };
    }

    private String bulk(int length) throws IOException {
        if (length < 0) {
            return "";
        }
        byte[] data = in.readNBytes(length + 2);
        if (data.length < length + 2) {
            throw new EOFException("connection closed in a reply");
        }
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed in a reply");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        String s = b.toString(StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            throw new IOException("empty reply line");
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
