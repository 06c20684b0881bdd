package org.rabbitmqjmh.results;

import java.util.ArrayList;
import java.util.List;

/** Rows of text cells, printed either as aligned columns for a terminal or as a GitHub markdown table. */
public final class Table {

    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** A header ending in ">" is a right-aligned (numeric) column; the ">" is not printed. */
    public Table(String... columns) {
        header = new ArrayList<>();
        rightAligned = new boolean[columns.length];
        for (int c = 0; c < columns.length; c++) {
            rightAligned[c] = columns[c].endsWith(">");
            header.add(rightAligned[c] ? columns[c].substring(0, columns[c].length() - 1) : columns[c]);
        }
    }

    public void add(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(cells));
    }

    /**
     * This table without the columns that hold "-" in every row (a run that measured no cost or no
     * latency), so that a generated table shows what its data has; the first column always stays.
     */
    public Table withoutEmptyColumns() {
        List<Integer> kept = new ArrayList<>(List.of(0));
        for (int c = 1; c < header.size(); c++) {
            int column = c;
            if (rows.isEmpty() || !rows.stream().allMatch(r -> r.get(column).equals("-"))) {
                kept.add(c);
            }
        }
        Table t = new Table(kept.stream()
                .map(c -> header.get(c) + (rightAligned[c] ? ">" : ""))
                .toArray(String[]::new));
        rows.forEach(r -> t.add(kept.stream().map(r::get).toArray(String[]::new)));
        return t;
    }

    public String toText() {
        int[] width = new int[header.size()];
        for (List<String> row : allRows()) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : allRows()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                String cell = row.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(rightAligned[c] ? pad + cell : cell + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append(markdownLine(header));
        StringBuilder rule = new StringBuilder("|");
        for (boolean right : rightAligned) {
            rule.append(right ? " ---: |" : " --- |");
        }
        out.append(rule).append('\n');
        rows.forEach(row -> out.append(markdownLine(row)));
        return out.toString();
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String markdownLine(List<String> cells) {
        StringBuilder line = new StringBuilder("|");
        for (String cell : cells) {
            line.append(' ')
                    .append(cell.isEmpty() ? " " : cell.replace("|", "\\|"))
                    .append(" |");
        }
        return line.append('\n').toString();
    }
}
