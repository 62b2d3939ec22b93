package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a private TLS-only redis-server with a certificate from a private CA (made with
 * openssl here): trusted through {@code redis.tls.truststore}, refused without it, accepted with
 * {@code redis.tls.verify=none}. Skipped, with the reason, where redis-server or openssl is missing.
 */
class RedisTlsTest {

    private static final SessionRef SESSION = SessionRef.of("acme", "bot", "tls");
    private static Path certs;
    private static RedisServerProcess server;

    @BeforeAll
    static void startTlsServer() throws Exception {
        String openssl = RedisServerProcess.assumeInstalled("openssl");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        certs = Files.createTempDirectory("amtest-tls-");
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=amtest-ca",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
                "-out", "server.csr");
        run(openssl, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        run(keytool, "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", "trust.p12", "-storepass",
                "trust-pw", "-alias", "amtest-ca", "-file", "ca.crt");
        server = RedisServerProcess.startTls("--tls-cert-file", certs.resolve("server.crt").toString(),
                "--tls-key-file", certs.resolve("server.key").toString(),
                "--tls-ca-cert-file", certs.resolve("ca.crt").toString(), "--tls-auth-clients", "no");
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (certs != null) {
            try (Stream<Path> files = Files.walk(certs)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, () -> String.join(" ", cmd) + ": " + out);
    }

    private static ShortTermMemory open(String... options) {
        List<String> all = new ArrayList<>(List.of(MemoryOptions.CONNECT_TIMEOUT.key(), "2s", MemoryOptions.RESPONSE_TIMEOUT.key(), "3s"));
        all.addAll(List.of(options));
        return new RedisMemoryProvider().openShortTerm("rediss://127.0.0.1:" + server.port(),
                MemoryOptions.of(all.toArray(String[]::new)));
    }

    @Test
    void aPrivateCaIsTrustedThroughTheTruststoreOption() {
        try (ShortTermMemory store = open(RedisOptions.TLS_TRUSTSTORE.key(), certs.resolve("trust.p12").toString(),
                RedisOptions.TLS_TRUSTSTORE_PASSWORD.key(), "trust-pw")) {
            store.append(SESSION, NewEntry.of("user", "over TLS"));
            assertEquals("over TLS", store.recent(SESSION, 1).get(0).content());
            store.clear(SESSION);
        }
    }

    @Test
    void anUntrustedCertificateIsAConfigurationErrorThatSaysWhatToSet() {
        try (ShortTermMemory store = open()) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, () -> store.size(SESSION));
            assertTrue(e.getMessage().contains(RedisOptions.TLS_TRUSTSTORE.key()), e.getMessage());
        }
    }

    @Test
    void verifyNoneSkipsTheCheck() {
        try (ShortTermMemory store = open(RedisOptions.TLS_VERIFY.key(), "none")) {
            assertEquals(0, store.size(SESSION));
        }
    }
}
