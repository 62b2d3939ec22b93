package dev.agentmemory.resilience.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JDK Flight Recorder event: a resilient store's circuit breaker changed state. */
@Name(CircuitStateEvent.NAME)
@Label("agentmemory Circuit State Change")
@Category({"agentmemory", "Resilience"})
@Description("The circuit breaker in front of a memory backend opened, went half-open or closed")
public final class CircuitStateEvent extends Event {

    /** The event name, for recordings and {@code jfr print --events}. */
    public static final String NAME = "dev.agentmemory.resilience.CircuitStateChange";

    @Label("Backend")
    String backend;

    @Label("From")
    String from;

    @Label("To")
    String to;
}
