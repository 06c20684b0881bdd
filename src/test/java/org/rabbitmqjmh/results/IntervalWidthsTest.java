package org.rabbitmqjmh.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalWidthsTest {

    private static final List<String> TABLE = List.of(
            "| benchmark | mode | params | unit | base | head | head/base | 95% interval | change | threshold | verdict |",
            "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            "| B.send | thrpt | p=1 | ops/s | 1 | 1 | 1.0 | [0.699, 1.032] | 0% | 5% | no change |",
            "| B.send:cost.broker.cpu | thrpt | p=1 | ns/msg | 1 | 1 | 1.0 | [0.934, 1.334] | 0% | 5% | no change |",
            "| B.send:cost.broker.reductions | thrpt | p=1 | red/msg | 1 | 1 | 1.0 | [1.055, 1.068] | 0% | 5% | slower |",
            "| B.send:cost.broker.reductions | thrpt | p=2 | red/msg | 1 | 1 | 1.0 | [0.900, 1.000] | 0% | 5% | faster |",
            "| B.send:cost.broker.reductions | thrpt | p=3 | red/msg | 1 | 1 | 1.0 | [0.990, 1.010] | 0% | 5% | no change |",
            "| B.recv:cost.broker.reductions | thrpt | p=4 | red/msg | 1 | 1 | 1.0 | - | 0% | 5% | no data |");

    @Test
    void widthsInPointsOfTheNamedMetricOnly() {
        assertEquals(List.of(1.3, 10.0, 2.0), IntervalWidths.widths(TABLE, "cost.broker.reductions"));
        assertEquals(List.of(40.0), IntervalWidths.widths(TABLE, "cost.broker.cpu"));
        assertEquals(List.of(33.3), IntervalWidths.widths(TABLE, "score"));
    }

    @Test
    void lineGivesCountRangeAndMedian() {
        assertEquals(
                "m: 3 rows, interval widths 1.3 to 10.0 points, median 2.0",
                IntervalWidths.line("m", List.of(1.3, 10.0, 2.0)));
        assertEquals(
                "m: 2 rows, interval widths 1.0 to 2.0 points, median 1.5",
                IntervalWidths.line("m", List.of(2.0, 1.0)));
    }

    @Test
    void runPrintsOneLinePerMetricAndFailsOnAMissingMetric(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compare.md");
        Files.write(file, TABLE, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                0,
                IntervalWidths.run(
                        new String[] {file.toString(), "cost.broker.reductions", "cost.broker.cpu"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(
                "cost.broker.reductions: 3 rows, interval widths 1.3 to 10.0 points, median 2.0\n"
                        + "cost.broker.cpu: 1 rows, interval widths 40.0 to 40.0 points, median 40.0\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(
                2,
                IntervalWidths.run(
                        new String[] {file.toString(), "cost.client.alloc"},
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
    }
}
