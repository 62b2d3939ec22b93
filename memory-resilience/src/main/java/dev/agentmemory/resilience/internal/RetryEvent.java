package dev.agentmemory.resilience.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JDK Flight Recorder event: a call failed with a transient error and is about to be retried. */
@Name(RetryEvent.NAME)
@Label("agentmemory Retry")
@Category({"agentmemory", "Resilience"})
@Description("A memory call failed with a transient error and is retried after a backoff delay")
public final class RetryEvent extends Event {

    /** The event name, for recordings and {@code jfr print --events}. */
    public static final String NAME = "dev.agentmemory.resilience.Retry";

    @Label("Backend")
    String backend;

    @Label("Operation")
    String operation;

    @Label("Failed Attempts")
    int failedAttempts;

    @Label("Delay")
    @Timespan(Timespan.MILLISECONDS)
    long delay;

    @Label("Error")
    String error;
}
