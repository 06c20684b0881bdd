package org.rabbitmqjmh.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search alone, against a system whose limit is known: the steps it takes and where it stops. */
class RateSearchTest {

    private static RateStep step(double rate, double limit) {
        return new RateStep(rate, rate, 0, 0, 1, 1, rate <= limit ? null : "over the limit");
    }

    @Test
    void itDoublesWhilePassingThenBisectsToThePrecisionBelowTheLimit() throws Exception {
        List<RateStep> steps = new RateSearch(500, 100_000, 0.05).run(r -> step(r, 3_000));

        assertThat(steps.subList(0, 4)).extracting(RateStep::rate).containsExactly(500.0, 1000.0, 2000.0, 4000.0);
        RateStep best = RateSearch.highest(steps).orElseThrow();
        RateStep failed = RateSearch.firstFailure(steps).orElseThrow();
        assertThat(best.rate()).isLessThanOrEqualTo(3_000).isGreaterThan(3_000 / 1.05);
        assertThat(failed.rate()).isGreaterThan(3_000);
        assertThat((failed.rate() - best.rate()) / best.rate()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aLimitAboveTheMaximumStopsAtTheMaximumAndNothingPassingIsNoRate() throws Exception {
        List<RateStep> all = new RateSearch(500, 3_000, 0.05).run(r -> step(r, 1e9));
        assertThat(all).extracting(RateStep::rate).containsExactly(500.0, 1000.0, 2000.0, 3000.0);
        assertThat(RateSearch.firstFailure(all)).isEmpty();

        List<RateStep> none = new RateSearch(500, 3_000, 0.05).run(r -> step(r, 100));
        assertThat(none).hasSize(1);
        assertThat(RateSearch.highest(none)).isEmpty();
    }

    @Test
    void aStepFailsOnTheFirstBoundItBreaks() {
        RateStep.Bounds bounds = new RateStep.Bounds(1000, 2000, Duration.ZERO, Duration.ofSeconds(1));
        assertThat(new RateStep(1000, 900, 0, 0, 10, 10, null)
                        .judged(bounds, 10, null)
                        .failure())
                .startsWith("the producer fell behind: 900 of 1000");
        assertThat(new RateStep(1000, 1000, 5, 100, 10, 10, null)
                        .judged(bounds, 10, null)
                        .failure())
                .startsWith("the queue grew by 95 messages");
        assertThat(new RateStep(1000, 1000, 5, 10, 1500, 10, null)
                        .judged(bounds, 10, null)
                        .failure())
                .startsWith("confirm p99 1500 µs");
        assertThat(new RateStep(1000, 1000, 5, 10, 10, 2500, null)
                        .judged(bounds, 10, null)
                        .failure())
                .startsWith("end-to-end p99 2500 µs");
        assertThat(new RateStep(1000, 1000, 5, 10, 10, 10, null)
                        .judged(bounds, 10, null)
                        .passed())
                .isTrue();
    }
}
