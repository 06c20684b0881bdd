package org.rabbitmqjmh.programs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.rabbitmqjmh.results.Numbers;

/**
 * The table of an instruction-count proof folder, from its raw counts: one subfolder per series, one
 * {@code --csv} file per comparison (the base's row, then the head's), named by its {@code label} file. Per series: the comparisons, how many the gate flagged, the head/base change (smallest,
 * median, largest) and the base's instructions per message.
 */
final class ProofSummary {

    private ProofSummary() {}

    static String table(Path folder, double gatePercent) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--summarize " + folder + " is not a folder; expected one subfolder of "
                    + "--csv files per series");
        }
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "| series | comparisons | flagged (> +%s%%) "
                        + "| change: smallest | median | largest | base instructions/msg |%n| --- | ---: | ---: | ---: | ---: | ---: "
                        + "| ---: |%n",
                Numbers.plain(gatePercent)));
        List<Path> series;
        try (Stream<Path> s = Files.list(folder)) {
            // A series has a label; any other folder (first tries, notes) is not one.
            series = s.filter(d -> Files.isRegularFile(d.resolve("label")))
                    .sorted()
                    .toList();
        }
        for (Path dir : series) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
            }
            if (files.isEmpty()) {
                continue;
            }
            List<Double> changes = new ArrayList<>();
            double base = 0;
            for (Path f : files) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                double b0 = perMessage(lines.get(1));
                double h = perMessage(lines.get(2));
                changes.add(100 * (h / b0 - 1));
                base += b0 / files.size();
            }
            double[] c =
                    changes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long flagged = changes.stream().filter(x -> x > gatePercent).count();
            String name = Files.readString(dir.resolve("label"), StandardCharsets.UTF_8)
                    .strip();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %+.3f%% | %+.3f%% | %+.3f%% | %.1f |%n",
                    name,
                    c.length,
                    flagged,
                    c[0],
                    new Median().evaluate(c),
                    c[c.length - 1],
                    base));
        }
        return b.toString();
    }

    private static double perMessage(String csvLine) {
        String[] f = csvLine.split(",");
        return Double.parseDouble(f[f.length - 1]);
    }
}
