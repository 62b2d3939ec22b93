package dev.agentmemory.soak;

import dev.agentmemory.soak.servers.PrivateServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Crashes one server at random moments and restarts it after a random down time, until the run's end or the plan's
 * number of crashes. A crash is never started so late that the server would still be down at the end.
 */
final class Outages implements Runnable {

    /** One crash: when (since the start of the run) and how long the server was down. */
    record Outage(Duration at, Duration down) {
    }

    private final PrivateServer server;
    private final SoakPlan plan;
    private final long start;
    private final CountDownLatch stopped;
    private final Random random;
    private final PrintStream progress;
    private final List<Outage> outages = Collections.synchronizedList(new ArrayList<>());
    private volatile @Nullable RuntimeException failure;

    Outages(PrivateServer server, SoakPlan plan, long startNanos, CountDownLatch stopped, long seed, PrintStream progress) {
        this.server = server;
        this.plan = plan;
        this.start = startNanos;
        this.stopped = stopped;
        this.random = new Random(seed);
        this.progress = progress;
    }

    @Override
    public void run() {
        long end = start + plan.length().toNanos();
        try {
            while (plan.killsPerServer() == 0 || outages.size() < plan.killsPerServer()) {
                Duration up = between(plan.minUp(), plan.maxUp());
                Duration down = between(plan.minDown(), plan.maxDown());
                long crashAt = System.nanoTime() + up.toNanos();
                if (crashAt + plan.maxDown().plus(SoakPlan.QUIET_END).toNanos() > end) {
                    return;
                }
                if (stopped.await(up.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
                long crashed = System.nanoTime();
                server.crash();
                // The down time is not cut short by the end of the run: the server must come back either way.
                Thread.sleep(down.toMillis());
                server.restart();
                long restarted = System.nanoTime();
                Outage o = new Outage(Duration.ofNanos(crashed - start), Duration.ofNanos(restarted - crashed));
                outages.add(o);
                progress.printf("soak: %s crashed at %s, up again after %.1f s%n", server.describe(),
                        SoakReport.clock(o.at()), o.down().toMillis() / 1000.0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            progress.println("soak: crash/restart of " + server.describe() + " failed: " + e.getMessage());
        }
    }

    private Duration between(Duration min, Duration max) {
        long span = max.toMillis() - min.toMillis();
        return min.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * span));
    }

    List<Outage> outages() {
        return List.copyOf(outages);
    }

    @Nullable RuntimeException failure() {
        return failure;
    }

    PrivateServer server() {
        return server;
    }
}
