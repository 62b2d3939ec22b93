package dev.agentmemory.spring.boot;

/** A resilience listener that wants to know each store it will hear about before the first event. */
interface BackendAware {

    /**
     * Called once per store, when the store is wrapped.
     *
     * @param backend the backend name the store's events will carry
     */
    void track(String backend);
}
