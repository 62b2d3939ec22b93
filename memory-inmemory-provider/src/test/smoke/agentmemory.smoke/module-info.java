/** An application that knows only the agentmemory API: the provider under test must be bound as a service. */
module agentmemory.smoke {
    requires dev.agentmemory.api;
}
