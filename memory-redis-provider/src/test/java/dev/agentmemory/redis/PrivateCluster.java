package dev.agentmemory.redis;

import dev.agentmemory.faultproxy.resp.RespClient;
import dev.agentmemory.tck.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A private three-master Redis Cluster on ephemeral loopback ports: three redis-server processes joined with
 * {@code redis-cli --cluster create}, torn down by {@link #close()}. Never touches the shared server.
 */
final class PrivateCluster implements AutoCloseable {

    private final List<RedisServerProcess> nodes;

    private PrivateCluster(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts the cluster; the calling test is skipped (with the reason) where redis-server is missing. */
    static PrivateCluster start() {
        RedisServerProcess.assumeInstalled("redis-server");
        String cli = RedisServerProcess.assumeInstalled("redis-cli");
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000",
                        "--cluster-port", Integer.toString(RedisServerProcess.freePort())));
            }
            List<String> cmd = new ArrayList<>(List.of(cli, "--cluster", "create"));
            nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
            cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process create = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + output);
            }
            PrivateCluster cluster = new PrivateCluster(nodes);
            cluster.awaitOk(Duration.ofSeconds(30));
            return cluster;
        } catch (IOException e) {
            nodes.forEach(RedisServerProcess::close);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            nodes.forEach(RedisServerProcess::close);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            nodes.forEach(RedisServerProcess::close);
            throw e;
        }
    }

    private void awaitOk(Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("");
        boolean ok = Await.until(timeout, () -> nodes.stream().allMatch(n -> {
            try (RespClient c = n.client()) {
                String info = String.valueOf(c.string("CLUSTER", "INFO"));
                last.set(info);
                return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
            }
        }));
        if (!ok) {
            throw new IllegalStateException("the private cluster did not become ok: " + last.get());
        }
    }

    /** @return {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3} */
    String uri() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    List<RedisServerProcess> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }
}
