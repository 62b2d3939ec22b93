/**
 * Short-term memory on Redis through Redisson: standalone ({@code redis://}, {@code rediss://}), Sentinel
 * ({@code redis-sentinel://}) and Cluster ({@code redis-cluster://}).
 *
 * <p>Putting this module on the module path is enough: {@code dev.agentmemory.api} finds
 * {@link dev.agentmemory.redis.RedisMemoryProvider} by service binding. No Redisson type appears in an exported
 * signature.
 *
 * <p>Redisson 3.52 is an automatic module, and automatic modules do not pull in the explicit modules they use,
 * so this module requires them on Redisson's behalf (without them Redisson fails with
 * {@code NoClassDefFoundError: org/slf4j/LoggerFactory}, then Jackson). {@code ModulePathSmokeTest} launches a
 * real JVM on the module path to keep this list honest across driver upgrades.
 */
module dev.agentmemory.redis {
    requires dev.agentmemory.api;
    requires static org.jspecify;

    requires redisson;
    // Needed by Redisson at run time, not by this module's code; see the module comment.
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires io.reactivex.rxjava3;
    requires net.bytebuddy;

    exports dev.agentmemory.redis;

    provides dev.agentmemory.spi.MemoryProvider with dev.agentmemory.redis.RedisMemoryProvider;
}
