/**
 * The agentmemory demo: an agent conversation on whatever backends the module path holds. It requires only the
 * API (and Log4j's JUL bridge, to route driver logs); providers and decorators are bound as services.
 */
module dev.agentmemory.examples {
    requires dev.agentmemory.api;
    requires dev.agentmemory.faultproxy;
    // Only bin/demo --chaos uses it, to count retries; resolved by service binding whenever it is on the path.
    requires static dev.agentmemory.resilience;
    requires org.apache.logging.log4j.jul;
    // bin/demo --langchain4j. LangChain4j's jars have no module descriptor: they are automatic modules named after
    // their files (langchain4j-1.19.0.jar is langchain4j, the MiniLM jar langchain4j.embeddings.all.minilm.l6.v2).
    // An automatic module requires nothing transitively: the MiniLM model's superclass is in langchain4j.embeddings.
    requires dev.agentmemory.langchain4j;
    requires langchain4j;
    requires langchain4j.embeddings;
    requires langchain4j.embeddings.all.minilm.l6.v2;
}
