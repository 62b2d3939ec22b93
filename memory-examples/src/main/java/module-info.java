/**
 * The agentmemory demo: an agent conversation on whatever backends the module path holds. It requires only the
 * API (and Log4j's JUL bridge, to route driver logs); providers and decorators are bound as services.
 */
module dev.agentmemory.examples {
    requires dev.agentmemory.api;
    requires org.apache.logging.log4j.jul;
}
