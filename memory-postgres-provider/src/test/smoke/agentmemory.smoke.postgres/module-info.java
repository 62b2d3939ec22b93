/** A modular application that knows only the agentmemory API: the PostgreSQL provider is bound as a service. */
module agentmemory.smoke.postgres {
    requires dev.agentmemory.api;
}
