/**
 * A tiny application for ModulePathSmokeTest: it names only the API module, so the Redis provider must be found by
 * service binding and Redisson's module graph must resolve without --add-modules.
 */
module agentmemory.smoke.redis {
    requires dev.agentmemory.api;
}
