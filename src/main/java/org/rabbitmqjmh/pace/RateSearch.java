package org.rabbitmqjmh.pace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The search for the highest rate that passes ({@link RateStep}), as OpenMessaging Benchmark's
 * {@code producerRate: 0} asks: from {@code min}, the rate doubles while steps pass (never above
 * {@code max}), then bisects between the highest pass and the lowest failure until they are within
 * {@code precision} of each other. A rate that fails is not tried again at a higher one; every step is kept.
 */
public final class RateSearch {

    /** Measures one rate. */
    @FunctionalInterface
    public interface Trial {
        RateStep at(double rate) throws InterruptedException;
    }

    private final double min;
    private final double max;
    private final double precision;

    public RateSearch(double min, double max, double precision) {
        if (!(min > 0) || !(max >= min) || !(precision > 0)) {
            throw new IllegalArgumentException("a search needs 0 < min <= max and a precision above 0; got min " + min
                    + ", max " + max + ", precision " + precision);
        }
        this.min = min;
        this.max = max;
        this.precision = precision;
    }

    /** Every step, in the order run. */
    public List<RateStep> run(Trial trial) throws InterruptedException {
        List<RateStep> steps = new ArrayList<>();
        double pass = 0;
        double fail = Double.NaN;
        for (double rate = min; ; rate = Math.min(max, rate * 2)) {
            RateStep s = trial.at(rate);
            steps.add(s);
            if (!s.passed()) {
                fail = rate;
                break;
            }
            pass = rate;
            if (rate >= max) {
                return steps;
            }
        }
        while (pass > 0 && (fail - pass) / pass > precision) {
            double rate = Math.round((pass + fail) / 2);
            RateStep s = trial.at(rate);
            steps.add(s);
            if (s.passed()) {
                pass = rate;
            } else {
                fail = rate;
            }
        }
        return steps;
    }

    /** The highest rate that passed, if any did. */
    public static Optional<RateStep> highest(List<RateStep> steps) {
        return steps.stream().filter(RateStep::passed).max((a, b) -> Double.compare(a.rate(), b.rate()));
    }

    /** The lowest rate that failed above the highest pass: the limit, and why. */
    public static Optional<RateStep> firstFailure(List<RateStep> steps) {
        double best = highest(steps).map(RateStep::rate).orElse(0.0);
        return steps.stream()
                .filter(s -> !s.passed() && s.rate() > best)
                .min((a, b) -> Double.compare(a.rate(), b.rate()));
    }
}
