package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.junit.jupiter.api.Test;

/**
 * The figures the READMEs quote, recomputed from the committed raw data: a number in prose must be the
 * number the files give (as {@link RealRunsTest} does for the calibration). The PerfTest side-by-side
 * is checked by {@code perftest.CommittedSideBySideTest}, beside the code that parses its raw files.
 */
class HeadlineFiguresTest {

    private static final Path CONSUMERS = Path.of("results", "consumers");

    /** The source document's (seed 003) averages of five runs, seconds, by QoS: async, then blocking. */
    private static final Map<Integer, double[]> SOURCE = Map.of(
            100,
            new double[] {0.28, 0.32},
            300,
            new double[] {0.25, 0.29},
            500,
            new double[] {0.34, 0.26},
            700,
            new double[] {0.28, 0.21},
            900,
            new double[] {0.27, 0.20},
            1100,
            new double[] {0.25, 0.19},
            1300,
            new double[] {Double.NaN, 0.19});

    @Test
    void theDrainTableAndThePikaRatioAreWhatTheCommittedDrainsGive() throws Exception {
        Map<String, Double> medians = new TreeMap<>();
        for (JmhResult r : JmhJson.read(CONSUMERS.resolve("drain-2000.json"))) {
            List<Double> shots = new ArrayList<>();
            for (double[] fork : r.samples()) {
                for (double ms : fork) {
                    shots.add(ms / 1000);
                }
            }
            double median = new Median()
                    .evaluate(shots.stream().mapToDouble(Double::doubleValue).toArray());
            medians.put(r.key().params().get("style") + "@" + r.key().params().get("prefetch"), median);
        }
        String readme = Files.readString(CONSUMERS.resolve("README.md"));
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (var e : SOURCE.entrySet()) {
            String[] styles = {"callback", "blocking-handoff"};
            for (int s = 0; s < 2; s++) {
                double ours = medians.get(styles[s] + "@" + e.getKey());
                assertThat(readme).contains(String.format(Locale.ROOT, "%.3f (", ours));
                if (!Double.isNaN(e.getValue()[s])) {
                    double ratio = e.getValue()[s] / ours;
                    lowest = Math.min(lowest, ratio);
                    highest = Math.max(highest, ratio);
                }
            }
        }
        assertThat(readme)
                .contains(String.format(
                        Locale.ROOT, "%.1f to %.1f times faster than the source's pika", lowest, highest));
    }
}
