package dev.agentmemory.resilience;

import dev.agentmemory.faultproxy.resp.RespClient;
import dev.agentmemory.tck.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Deletes what a test wrote under its own key prefix on the shared Redis (SCAN + DEL, never FLUSH). */
final class RedisKeys {

    private RedisKeys() {
    }

    static void deleteAll(TestServer server, String prefix) {
        try (RespClient redis = new RespClient(server.host(), server.port(), Duration.ofSeconds(5))) {
            String userInfo = URI.create(server.uri()).getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                List<String> auth = colon < 0 ? List.of("AUTH", userInfo)
                        : colon == 0 ? List.of("AUTH", userInfo.substring(1))
                        : List.of("AUTH", userInfo.substring(0, colon), userInfo.substring(colon + 1));
                redis.call(auth.toArray(String[]::new));
            }
            redis.deletePrefix(prefix);
        }
    }
}
