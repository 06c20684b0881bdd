package org.rabbitmqjmh.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of a Markdown file the suite wrote (a program's {@code summary.md}), read back so that a
 * document's generated section can quote them: each table its header row then its rows, cells trimmed,
 * the rule line left out.
 */
public final class MarkdownTables {

    private MarkdownTables() {}

    public static List<List<List<String>>> read(Path file) throws IOException {
        List<List<List<String>>> tables = new ArrayList<>();
        List<List<String>> table = null;
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("|")) {
                table = null;
            } else if (!line.matches("\\|[-:| ]+\\|")) {
                if (table == null) {
                    table = new ArrayList<>();
                    tables.add(table);
                }
                table.add(List.of(line.substring(1, line.length() - 1).split("\\|", -1)).stream()
                        .map(String::strip)
                        .toList());
            }
        }
        return tables;
    }
}
