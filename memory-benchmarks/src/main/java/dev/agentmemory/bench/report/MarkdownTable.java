package dev.agentmemory.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A GitHub-flavoured Markdown table, columns padded so it also reads well as plain text. Numbers are formatted
 * by the helpers here, so every table shows them alike. Not thread-safe.
 */
public final class MarkdownTable {

    private final List<String> header;
    private final List<Boolean> numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param columns the column titles; a title starting with {@code >} is right-aligned (the {@code >} is dropped)
     */
    public MarkdownTable(String... columns) {
        header = new ArrayList<>();
        numeric = new ArrayList<>();
        for (String c : columns) {
            boolean right = c.startsWith(">");
            header.add(right ? c.substring(1) : c);
            numeric.add(right);
        }
    }

    /**
     * @param cells one cell per column
     * @return this table
     * @throws IllegalArgumentException if the count is wrong
     */
    public MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    /** @return whether the table has no rows */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, header.get(c).length());
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, width);
        b.append('|');
        for (int c = 0; c < width.length; c++) {
            b.append(' ').append(numeric.get(c) ? "-".repeat(width[c] - 1) + ":" : "-".repeat(width[c])).append(" |");
        }
        b.append('\n');
        for (List<String> row : rows) {
            line(b, row, width);
        }
        return b.toString();
    }

    private void line(StringBuilder b, List<String> cells, int[] width) {
        b.append('|');
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            b.append(' ').append(numeric.get(c) ? pad + cell : cell + pad).append(" |");
        }
        b.append('\n');
    }

    /** @param micros a latency in µs @return it in µs below 10 ms ({@code 412 µs}), else in ms ({@code 18.3 ms}) */
    public static String latency(double micros) {
        if (Double.isNaN(micros)) {
            return "n/a";
        }
        if (micros < 10_000) {
            return String.format(Locale.ROOT, micros < 100 ? "%.1f µs" : "%.0f µs", micros);
        }
        return String.format(Locale.ROOT, micros < 100_000 ? "%.1f ms" : "%.0f ms", micros / 1000);
    }

    /** @param perSecond a rate @return it with a thousands separator, no decimals */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** @param ratio a ratio @return {@code 1.07x} */
    public static String ratio(double ratio) {
        return String.format(Locale.ROOT, ratio < 10 ? "%.2fx" : "%.0fx", ratio);
    }

    /** @param bytes a byte count @return it with a thousands separator */
    public static String bytes(double bytes) {
        return String.format(Locale.ROOT, "%,.0f", bytes);
    }

    /** @param fraction 0 to 1 @return {@code 0.97} */
    public static String fraction(double fraction) {
        return String.format(Locale.ROOT, "%.2f", fraction);
    }
}
