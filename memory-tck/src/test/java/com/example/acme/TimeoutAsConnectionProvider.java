package com.example.acme;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A network provider with one defect: every call makes a one-byte round trip to {@code acme-net://host:port} (an
 * {@link EchoServer} in the tests) before it runs on the guide's in-process store, and a response that never comes
 * is reported as {@link MemoryConnectionException} instead of a timeout.
 */
public final class TimeoutAsConnectionProvider implements MemoryProvider {

    /** Called by ServiceLoader. */
    public TimeoutAsConnectionProvider() {
    }

    @Override
    public String name() {
        return "acme-net-broken";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("acme-net");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SHORT_TERM);
    }

    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        URI parsed = URI.create(uri);
        InetSocketAddress server = new InetSocketAddress(parsed.getHost(), parsed.getPort());
        Duration connectTimeout = options.get(MemoryOptions.CONNECT_TIMEOUT);
        Duration responseTimeout = options.get(MemoryOptions.RESPONSE_TIMEOUT);
        return new Store(new AcmeProvider().openShortTerm("acme:", options), server, connectTimeout, responseTimeout);
    }

    private static final class Store implements ShortTermMemory {
        private final ShortTermMemory data;
        private final InetSocketAddress server;
        private final Duration connectTimeout;
        private final Duration responseTimeout;

        Store(ShortTermMemory data, InetSocketAddress server, Duration connectTimeout, Duration responseTimeout) {
            this.data = data;
            this.server = server;
            this.connectTimeout = connectTimeout;
            this.responseTimeout = responseTimeout;
        }

        private <T> T roundTrip(String operation, Supplier<T> call) {
            try (Socket socket = new Socket()) {
                socket.connect(server, (int) connectTimeout.toMillis());
                socket.setSoTimeout((int) responseTimeout.toMillis());
                socket.getOutputStream().write(1);
                socket.getOutputStream().flush();
                if (socket.getInputStream().read() < 0) {
                    throw new IOException("the server closed the connection");
                }
            } catch (IOException e) {
                // The defect: a SocketTimeoutException (no answer in time) is reported as a connection failure.
                throw new MemoryConnectionException("acme-net", operation, e.toString(), e);
            }
            return call.get();
        }

        @Override
        public MemoryEntry append(SessionRef session, NewEntry entry) {
            return roundTrip("append", () -> data.append(session, entry));
        }

        @Override
        public List<MemoryEntry> recent(SessionRef session, int limit) {
            return roundTrip("recent", () -> data.recent(session, limit));
        }

        @Override
        public Optional<MemoryEntry> get(SessionRef session, String entryId) {
            return roundTrip("get", () -> data.get(session, entryId));
        }

        @Override
        public long size(SessionRef session) {
            return roundTrip("size", () -> data.size(session));
        }

        @Override
        public boolean expire(SessionRef session, Duration ttl) {
            return roundTrip("expire", () -> data.expire(session, ttl));
        }

        @Override
        public void clear(SessionRef session) {
            roundTrip("clear", () -> {
                data.clear(session);
                return null;
            });
        }

        @Override
        public Health health() {
            try {
                return roundTrip("health", () -> Health.up("acme-net answers", Duration.ZERO));
            } catch (MemoryConnectionException e) {
                return Health.down(e.getMessage());
            }
        }

        @Override
        public void close() {
            data.close();
        }
    }

    /** A server that answers every byte with the same byte, one thread per connection. Close it after use. */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket socket;

        EchoServer() throws IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "acme-net-echo");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(socket.getInetAddress().getHostAddress(), socket.getLocalPort());
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread echo = new Thread(() -> echo(connection), "acme-net-echo-connection");
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void echo(Socket connection) {
            try (connection; InputStream in = connection.getInputStream()) {
                int b;
                while ((b = in.read()) >= 0) {
                    connection.getOutputStream().write(b);
                    connection.getOutputStream().flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
