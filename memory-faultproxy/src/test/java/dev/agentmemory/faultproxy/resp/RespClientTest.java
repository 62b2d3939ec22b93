package dev.agentmemory.faultproxy.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The RESP2 encoding and every reply type, against a server that answers with canned bytes. */
class RespClientTest {

    /** Accepts one connection, reads the request's bytes, sends the reply's bytes and keeps the socket open or not. */
    private static final class CannedServer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final CompletableFuture<String> request = new CompletableFuture<>();
        private volatile Socket accepted;

        CannedServer(String expectedRequest, String reply) throws IOException {
            this(expectedRequest, reply, false);
        }

        CannedServer(String expectedRequest, String reply, boolean closeAfterReply) throws IOException {
            Thread t = new Thread(() -> {
                try {
                    accepted = listener.accept();
                    InputStream in = accepted.getInputStream();
                    byte[] got = in.readNBytes(expectedRequest.getBytes(StandardCharsets.UTF_8).length);
                    request.complete(new String(got, StandardCharsets.UTF_8));
                    OutputStream out = accepted.getOutputStream();
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (closeAfterReply) {
                        accepted.close();
                    }
                } catch (IOException e) {
                    request.completeExceptionally(e);
                }
            }, "resp-canned-server");
            t.setDaemon(true);
            t.start();
        }

        RespClient client() {
            return new RespClient("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(5));
        }

        @Override
        public void close() throws IOException {
            listener.close();
            Socket s = accepted;
            if (s != null) {
                s.close();
            }
        }
    }

    private static Object exchange(String expectedRequest, String reply, String... command) throws Exception {
        try (CannedServer server = new CannedServer(expectedRequest, reply); RespClient client = server.client()) {
            Object answer = client.call(command);
            assertEquals(expectedRequest, server.request.get(5, TimeUnit.SECONDS));
            return answer;
        }
    }

    @Test
    void commandsAreSentAsArraysOfBulkStringsCountedInBytes() throws Exception {
        assertEquals("OK", exchange("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n", "+OK\r\n", "SET", "k", "é"));
    }

    @Test
    void everyReplyTypeIsRead() throws Exception {
        assertEquals(42L, exchange("*1\r\n$4\r\nINCR\r\n", ":42\r\n", "INCR"));
        assertEquals("a\r\nb", exchange("*1\r\n$3\r\nGET\r\n", "$4\r\na\r\nb\r\n", "GET"));
        assertNull(exchange("*1\r\n$3\r\nGET\r\n", "$-1\r\n", "GET"));
        assertNull(exchange("*1\r\n$5\r\nBLPOP\r\n", "*-1\r\n", "BLPOP"));
        Object array = exchange("*1\r\n$4\r\nEXEC\r\n", "*3\r\n+OK\r\n-ERR inner\r\n*1\r\n:1\r\n", "EXEC");
        List<?> items = assertInstanceOf(List.class, array);
        assertEquals("OK", items.get(0));
        assertEquals("ERR inner", assertInstanceOf(RespClient.ErrorReply.class, items.get(1)).getMessage(),
                "an error inside an array is an element, not a thrown reply");
        assertEquals(List.of(1L), items.get(2));
    }

    @Test
    void anErrorReplyIsThrownWithItsLine() throws Exception {
        try (CannedServer server = new CannedServer("*1\r\n$4\r\nPING\r\n", "-LOADING Redis is loading\r\n");
             RespClient client = server.client()) {
            RespClient.ErrorReply e = assertThrows(RespClient.ErrorReply.class, () -> client.string("PING"));
            assertEquals("LOADING Redis is loading", e.getMessage());
        }
    }

    @Test
    void aConnectionClosedInAReplyIsAnIoFailure() throws Exception {
        try (CannedServer server = new CannedServer("*1\r\n$3\r\nGET\r\n", "$10\r\nshort", true);
             RespClient client = server.client()) {
            assertThrows(UncheckedIOException.class, () -> client.call("GET"));
        }
    }

    @Test
    void connectionsNamedCountsExactNamesOnly() throws Exception {
        String list = "id=1 addr=127.0.0.1:1 name=soak-client age=0\nid=2 addr=127.0.0.1:2 name=soak-client-2 age=0\n"
                + "id=3 addr=127.0.0.1:3 name=soak-client age=0\n";
        String bulk = "$" + list.getBytes(StandardCharsets.UTF_8).length + "\r\n" + list + "\r\n";
        try (CannedServer server = new CannedServer("*2\r\n$6\r\nCLIENT\r\n$4\r\nLIST\r\n", bulk);
             RespClient client = server.client()) {
            assertEquals(2, client.connectionsNamed("soak-client"));
        }
    }

    @Test
    void aServerThatIsNotThereIsAnIoFailureNamingIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new RespClient("127.0.0.1", port, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void deletePrefixRefusesAPatternThatCouldReachOtherTestsKeys() throws Exception {
        try (CannedServer server = new CannedServer("", ""); RespClient client = server.client()) {
            assertThrows(IllegalArgumentException.class, () -> client.deletePrefix(" "));
            assertThrows(IllegalArgumentException.class, () -> client.deletePrefix("amt-*"));
        }
    }
}
