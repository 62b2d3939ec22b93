package dev.agentmemory.bench.recovery;

import java.util.Locale;

/**
 * One run of {@link SustainedLoad}: a backend crashed for an outage while six writers kept writing, and what the
 * writers and the store saw. Travels from the measuring JVM to the report as one line ({@link #toLine()},
 * {@link #parse(String)}).
 *
 * @param code which code ran: {@code after} (this checkout) or {@code before <commit>} (the checkout given to
 *     {@code bin/bench --before})
 * @param backend {@code redis} or {@code postgres}
 * @param outageSeconds the planned outage: seconds between the crash and the restart
 * @param downMillis from the crash until the restarted server answered (the heal), measured
 * @param offered writes the writers made (acknowledged + refused + errors)
 * @param acknowledged writes that returned normally
 * @param refused writes that threw a {@code MemoryException}
 * @param errors writes that threw anything else
 * @param missed schedule slots skipped because a writer was still blocked in an earlier call
 * @param peakBacklog the most buffered writes seen ({@code resilience.buffered})
 * @param healToEmptyMillis from the heal until the backlog was first seen empty; -1 if not within the bound
 * @param boundSeconds how long after the heal the run waited for the backlog to empty
 * @param drainP50Micros p50 latency, µs (-1 if no append began in the window), of the appends that began between the heal and the empty backlog (or the bound)
 * @param drainP99Micros p99 of the same
 * @param steadyP99Micros p99 latency of the appends before the crash, for comparison
 * @param closeMillis how long {@code close()} took after the writers stopped
 * @param lost acknowledged writes not found when read back
 * @param duplicated extra copies of an id found when read back
 */
public record LoadOutcome(String code, String backend, int outageSeconds, long downMillis, long offered,
                          long acknowledged, long refused, long errors, long missed, long peakBacklog,
                          long healToEmptyMillis, int boundSeconds, long drainP50Micros, long drainP99Micros,
                          long steadyP99Micros, long closeMillis, long lost, long duplicated) {

    /** What a line of {@link #toLine()} starts with. */
    static final String PREFIX = "recovery-load";
    /** The default {@code resilience.buffer.max-entries}, the same before and after issue 11. */
    private static final long BUFFER_CAP = 10_000;

    /** @return whether the backlog emptied within the bound */
    public boolean drained() {
        return healToEmptyMillis >= 0;
    }

    /**
     * @return whether every write offered during the outage fits the write buffer's default cap of 10,000 entries
     *     (six writers at 200 a second: outages up to 8 s)
     */
    public boolean fitsBuffer() {
        return (long) outageSeconds * SustainedLoad.WRITERS * SustainedLoad.RATE <= BUFFER_CAP;
    }

    /** @return the outcome as one tab-separated line */
    public String toLine() {
        return String.join("\t", PREFIX, code, backend, Integer.toString(outageSeconds), Long.toString(downMillis),
                Long.toString(offered), Long.toString(acknowledged), Long.toString(refused), Long.toString(errors),
                Long.toString(missed), Long.toString(peakBacklog), Long.toString(healToEmptyMillis),
                Integer.toString(boundSeconds), Long.toString(drainP50Micros), Long.toString(drainP99Micros),
                Long.toString(steadyP99Micros), Long.toString(closeMillis), Long.toString(lost),
                Long.toString(duplicated));
    }

    /**
     * @param line a line of {@link #toLine()}
     * @return the outcome
     * @throws IllegalArgumentException if the line is not one
     */
    public static LoadOutcome parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 19 || !f[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not a " + PREFIX + " line: " + line);
        }
        return new LoadOutcome(f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]),
                Long.parseLong(f[10]), Long.parseLong(f[11]), Integer.parseInt(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14]), Long.parseLong(f[15]), Long.parseLong(f[16]), Long.parseLong(f[17]),
                Long.parseLong(f[18]));
    }

    /** @return e.g. {@code redis, 8 s outage, after} */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, %d s outage, %s", backend, outageSeconds, code);
    }
}
