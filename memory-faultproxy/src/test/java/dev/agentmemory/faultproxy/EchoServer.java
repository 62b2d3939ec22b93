package dev.agentmemory.faultproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A line echo server for the proxy's tests: answers every line with "echo:" and the line, and records what it got. */
final class EchoServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();

    EchoServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "echo-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    int connections() {
        return connections.get();
    }

    String received() {
        synchronized (received) {
            return received.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Waits until the server has received {@code text}; false if it has not within the bound. */
    boolean awaitReceived(String text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (received) {
            while (!received().contains(text)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return true;
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                connections.incrementAndGet();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "echo-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                synchronized (received) {
                    received.write(c);
                    received.notifyAll();
                }
                if (c == '\n') {
                    out.write("echo:".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.write(line.toByteArray());
                    out.write('\n');
                    out.flush();
                    line.reset();
                } else {
                    line.write(c);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}
