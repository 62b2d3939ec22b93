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
}
