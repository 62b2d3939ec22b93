package dev.agentmemory.bench.report;

import dev.agentmemory.bench.recovery.LoadOutcome;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.text.NumberFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of the report, drawn headless with JFreeChart: append latency against the number of turns a
 * session holds (this project, its raw floor, the full rewrite), search latency against the number of memories,
 * one line per mode and implementation, and the time from a crashed server's return until the write buffer is empty,
 * against the outage (linear axes). The session length and the memory count are on logarithmic axes; the
 * append latency on a linear one from zero (a flat line reads as "does not grow"), the search latency on a
 * logarithmic one (it spans milliseconds to seconds). Stateless.
 */
public final class Charts {

    /** File name of the append chart. */
    public static final String APPEND_CHART = "append-latency.png";
    /** File name of the search chart. */
    public static final String SEARCH_CHART = "search-latency.png";
    /** File name of the chart of the sustained-load recovery run. */
    public static final String RECOVERY_CHART = "recovery-drain.png";

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    private Charts() {
    }

    /**
     * Draws the append chart, if the history benchmark ran.
     *
     * @param results the run
     * @param dir where to write
     * @param subtitle the machine, for the chart's subtitle
     * @return the file, if drawn
     * @throws IOException if it cannot be written
     */
    public static Optional<Path> append(Results results, Path dir, String subtitle) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String[] v : List.of(new String[] {"provider", "agentmemory provider (Lua append)"},
                new String[] {"raw", "raw Redisson floor (same script)"},
                new String[] {"full-rewrite", "full rewrite (whole history as one JSON value)"})) {
            XYSeries s = new XYSeries(v[1]);
            for (int h : List.of(10, 100, 1000)) {
                results.find("AppendHistoryBenchmark", 1, "history", Integer.toString(h), "variant", v[0])
                        .ifPresent(m -> s.add(h, m.p50() / 1000.0));
            }
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        Path file = dir.resolve(APPEND_CHART);
        save(chart("Append one 200-byte turn: p50 latency as the session grows", subtitle,
                "turns already in the session", "p50 latency (ms)", data, true, false), file);
        return Optional.of(file);
    }

    /**
     * Draws the search chart, if the search benchmark ran.
     *
     * @param results the run
     * @param dir where to write
     * @param subtitle the machine, for the chart's subtitle
     * @return the file, if drawn
     * @throws IOException if it cannot be written
     */
    public static Optional<Path> search(Results results, Path dir, String subtitle) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String mode : results.searchModes()) {
            for (String impl : List.of("provider", "jdbc")) {
                XYSeries s = new XYSeries(mode + (impl.equals("jdbc") ? ", hand-written JDBC" : ", provider"));
                for (int size : results.searchSizes()) {
                    results.find("PostgresSearchBenchmark", 1, "memories", Integer.toString(size), "mode", mode,
                            "impl", impl).ifPresent(m -> s.add(size, m.p50() / 1000.0));
                }
                if (s.getItemCount() > 0) {
                    data.addSeries(s);
                }
            }
        }
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        Path file = dir.resolve(SEARCH_CHART);
        save(chart("Top-10 similarity search on PostgreSQL: p50 latency by memory count", subtitle,
                "memories in the agent's scope (384 dimensions, clustered)", "p50 latency (ms, log scale)", data, true, true), file);
        return Optional.of(file);
    }

    /**
     * Draws the chart of the sustained-load recovery run, if it ran: time from the heal until the backlog was empty,
     * against the outage, one line per backend and code. A backlog that never emptied is drawn at the bound.
     *
     * @param results the run
     * @param dir where to write
     * @param subtitle the machine, for the chart's subtitle
     * @return the file, if drawn
     * @throws IOException if it cannot be written
     */
    public static Optional<Path> recovery(Results results, Path dir, String subtitle) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        int bound = 0;
        for (LoadOutcome o : results.loads()) {
            String key = (o.backend().equals("redis") ? "Redis" : "PostgreSQL") + ", "
                    + (o.code().equals("after") ? "this checkout" : o.code());
            bound = o.boundSeconds();
            series.computeIfAbsent(key, XYSeries::new).add(o.outageSeconds(),
                    o.drained() ? o.healToEmptyMillis() / 1000.0 : o.boundSeconds());
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        series.values().forEach(data::addSeries);
        Path file = dir.resolve(RECOVERY_CHART);
        save(chart("Six writers at 200 writes/s each: heal to empty write buffer", subtitle,
                "outage (s): server crashed, restarted", "heal to backlog empty (s; " + bound + " = not emptied)",
                data, false, false), file);
        return Optional.of(file);
    }

    private static JFreeChart chart(String title, String subtitle, String xLabel, String yLabel,
                                    XYSeriesCollection data, boolean logX, boolean logY) {
        ValueAxis x;
        if (logX) {
            LogAxis log = new LogAxis(xLabel);
            log.setBase(10);
            log.setTickUnit(new NumberTickUnit(1));
            log.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
            log.setMinorTickCount(9);
            x = log;
        } else {
            NumberAxis linear = new NumberAxis(xLabel);
            linear.setAutoRangeIncludesZero(true);
            x = linear;
        }
        ValueAxis y;
        if (logY) {
            // LogarithmicAxis labels 2, 5, 20, 50... between the powers of ten when the range is narrow.
            LogarithmicAxis log = new LogarithmicAxis(yLabel);
            log.setAllowNegativesFlag(false);
            log.setStrictValuesFlag(false);
            log.setAutoRangeNextLogFlag(true);
            y = log;
        } else {
            NumberAxis linear = new NumberAxis(yLabel);
            linear.setAutoRangeIncludesZero(true);
            y = linear;
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[colorOf(data.getSeriesKey(i).toString(), i) % COLORS.length]);
            boolean dashed = data.getSeriesKey(i).toString().contains("JDBC")
                    || data.getSeriesKey(i).toString().startsWith("raw")
                    || data.getSeriesKey(i).toString().contains("before");
            renderer.setSeriesStroke(i, dashed
                    ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2.5f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setRangeMinorGridlinesVisible(logY);
        plot.setRangeMinorGridlinePaint(new Color(0xf0f0f0));
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font("SansSerif", Font.PLAIN, 11)));
        return chart;
    }

    /** One colour per search mode, so that a mode's provider line and its JDBC line read as a pair. */
    private static int colorOf(String series, int index) {
        int comma = series.indexOf(',');
        if (comma < 0) {
            return index;
        }
        return switch (series.substring(0, comma)) {
            case "exact", "Redis" -> 0;
            case "cube", "PostgreSQL" -> 2;
            case "pgvector" -> 1;
            default -> index;
        };
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
