/** An application that knows only the agentmemory API and runs a keyword search on the module path. */
module agentmemory.smoke.keyword {
    requires dev.agentmemory.api;
}
