package dev.agentmemory.soak;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/soak MINUTES [--seed N] [--dir DIR]}: the soak run of {@link SoakPlan#forMinutes}, its Markdown table on
 * standard output, progress on standard error. Exit status 0 when nothing acknowledged was lost, duplicated or
 * reordered and no connection or thread was left; 1 otherwise; 2 for a usage error.
 */
public final class SoakMain {

    private SoakMain() {
    }

    /**
     * Runs the soak.
     *
     * @param args {@code MINUTES [--seed N] [--dir DIR]}
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream err = System.err;
        double minutes = -1;
        long seed = System.nanoTime();
        Path dir = Path.of("target", "soak");
        List<String> a = List.of(args);
        try {
            for (int i = 0; i < a.size(); i++) {
                switch (a.get(i)) {
                    case "--seed" -> seed = Long.parseLong(a.get(++i));
                    case "--dir" -> dir = Path.of(a.get(++i));
                    case "-h", "--help" -> {
                        usage(System.out);
                        return;
                    }
                    default -> minutes = Double.parseDouble(a.get(i));
                }
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            minutes = -1;
        }
        if (!(minutes > 0) || minutes > 24 * 60) {
            usage(err);
            System.exit(2);
            return;
        }
        SoakPlan plan = SoakPlan.forMinutes(minutes, seed);
        SoakReport report = new SoakRun(plan, dir.toAbsolutePath(), err).run();
        System.out.print(report.render());
        System.out.flush();
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    private static void usage(PrintStream out) {
        out.println(String.format(Locale.ROOT, "usage: bin/soak MINUTES [--seed N] [--dir DIR]%n"
                + "  runs writers and readers against a private Redis and PostgreSQL through the resilience decorator "
                + "(BUFFER_WRITES)%n  for MINUTES (a positive number, at most a day), crashing and restarting each "
                + "server at random moments;%n  prints what was kept; exit status 1 on any loss, duplicate, "
                + "reordering or leaked connection or thread"));
    }
}
