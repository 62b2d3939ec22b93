/**
 * An in-JVM TCP fault proxy, {@link dev.agentmemory.faultproxy.FaultProxy}: it sits between a store and its server
 * and refuses, resets, blackholes, delays or cuts connections on demand, counting connections and bytes. It
 * depends on {@code java.base} only, so the TCK, the chaos tests, the demo ({@code bin/demo --chaos}) and the
 * benchmarks can all use it without pulling in a test framework. For the same reason it holds the one plain RESP
 * client, {@link dev.agentmemory.faultproxy.resp.RespClient}, with which the Redis provider's tests and the soak's
 * private Redis ask a server questions without the driver under test.
 */
module dev.agentmemory.faultproxy {
    requires static org.jspecify;

    exports dev.agentmemory.faultproxy;
    exports dev.agentmemory.faultproxy.resp;
}
