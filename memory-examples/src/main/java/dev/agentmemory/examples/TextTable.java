package dev.agentmemory.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns, as the demos print them; the columns given to {@link #rightAlign} are
 * right-aligned. Public for the Spring Boot example (memory-examples-spring), which uses it from the class path.
 * Not thread-safe.
 */
public final class TextTable {

    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column headers */
    public TextTable(String... headers) {
        this.headers = List.of(headers);
        this.rightAligned = new boolean[headers.length];
    }

    /**
     * @param columns the columns, from 0, to right-align (numbers)
     * @return this table
     */
    public TextTable rightAlign(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    /**
     * @param cells one cell per column, as {@link String#valueOf(Object)} prints it
     * @return this table
     */
    public TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** @return the table, a header line, a rule and the rows, each line indented by two spaces */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append("  ");
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(rightAligned[c] ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
            if (c < cells.size() - 1) {
                out.append("  ");
            }
        }
        out.append('\n');
    }

    /**
     * @param text a cell's text
     * @param max the most characters to keep
     * @return the text, cut to {@code max} characters with "..." at the end when it is longer
     */
    public static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
