package org.rabbitmqjmh.profilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyResultTest {

    private static Histogram of(long micros, int count) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(micros * 1_000, count);
        return h;
    }

    @Test
    void iterationsMergeTheirHistogramsInsteadOfAveragingPercentiles() {
        LatencyResult a = new LatencyResult("confirm.p99", of(100, 90), 99);
        LatencyResult b = new LatencyResult("confirm.p99", of(1_000, 10), 99);
        LatencyResult merged = a.getIterationAggregator().aggregate(List.of(a, b));
        // 100 values, 10 of them at 1 ms: p99 of all is 1 ms; the mean of the two p99s would be 550 us.
        assertThat(merged.getScore()).isCloseTo(1_000, within(1.0));
        assertThat(merged.getLabel()).isEqualTo("confirm.p99");
        assertThat(a.getScore()).isCloseTo(100, within(0.1));
    }
}
