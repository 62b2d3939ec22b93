/**
 * The agentmemory benchmarks: JMH benchmarks of the Redis and PostgreSQL providers and of the resilience decorator,
 * each against a baseline that does the same work with the driver directly (a raw Redisson floor, hand-written JDBC)
 * and, for short-term memory, against a full-rewrite store; plus a recovery run through the fault proxy, and
 * the report (Markdown table and two charts). {@code bin/bench} runs it all.
 *
 * <p>This module is an application, not a library, and exports nothing. It compiles as a named module, which proves
 * that the benchmarks use only what the agentmemory modules export. It <em>runs</em> on the class path, however:
 * JMH 1.37 forks every measuring JVM with {@code -cp <the host's class path>} and has no module-path launch, so on
 * the class path is how every benchmark JVM sees these classes anyway. The stores still come from
 * {@link dev.agentmemory.MemoryStores} and the providers' {@code META-INF/services}, as in any class-path
 * application; the module-path launch of the providers is guarded by their own smoke tests.
 */
module dev.agentmemory.bench {
    requires dev.agentmemory.api;
    // Option keys only (RedisOptions, PostgresOptions): the stores themselves come from MemoryStores.
    requires dev.agentmemory.redis;
    requires dev.agentmemory.postgres;
    requires dev.agentmemory.resilience;
    requires dev.agentmemory.faultproxy;
    // The private servers that the sustained-load recovery run crashes and restarts.
    requires dev.agentmemory.soak;
    requires static org.jspecify;
    // The LangChain4j bridge: our ChatMemoryStore for the chat memory benchmark, and the embedder over the offline
    // MiniLM model that embeds the real-text corpus once. LangChain4j's jars are automatic modules named after their
    // files (langchain4j for MessageWindowChatMemory; langchain4j.core comes with dev.agentmemory.langchain4j), as is
    // commons-math, whose eigendecomposition gives the PCA of the ANN study.
    requires dev.agentmemory.langchain4j;
    requires langchain4j;
    requires langchain4j.embeddings;
    requires langchain4j.embeddings.all.minilm.l6.v2;
    requires commons.math3;

    requires jmh.core;
    requires redisson;
    requires com.fasterxml.jackson.databind;
    requires java.sql;
    requires org.jfree.jfreechart;
    requires java.desktop;

    // JMH instantiates the generated benchmark classes and their @State classes by reflection; Jackson reads and
    // writes the full-rewrite store's turns.
    opens dev.agentmemory.bench.redis;
    opens dev.agentmemory.bench.postgres;
}
