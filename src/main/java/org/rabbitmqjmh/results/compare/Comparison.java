package org.rabbitmqjmh.results.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;
import org.rabbitmqjmh.results.Direction;
import org.rabbitmqjmh.results.Interval;
import org.rabbitmqjmh.results.JmhResult;

/**
 * Base against head, benchmark by benchmark. A row is "slower" only when its whole 95% interval lies on
 * the worse side of 1 and the observed change is worse than the threshold: the interval guards against
 * noise inside the runs, the threshold against changes too small to matter or to trust across two
 * separate runs. "Faster" is the mirror image; everything else is "no change".
 */
public final class Comparison {

    /** Fixed so that the same two files always print the same intervals. */
    static final long SEED = 0x5EEDL;

    private final double thresholdPercent;
    private final List<ComparisonRow> rows;
    private final List<BenchmarkKey> onlyInBase;
    private final List<BenchmarkKey> onlyInHead;
    private final List<String> unitsDiffer;
    private final boolean paired;

    private Comparison(
            double thresholdPercent,
            List<ComparisonRow> rows,
            List<BenchmarkKey> onlyInBase,
            List<BenchmarkKey> onlyInHead,
            List<String> unitsDiffer,
            boolean paired) {
        this.paired = paired;
        this.thresholdPercent = thresholdPercent;
        this.rows = List.copyOf(rows);
        this.onlyInBase = List.copyOf(onlyInBase);
        this.onlyInHead = List.copyOf(onlyInHead);
        this.unitsDiffer = List.copyOf(unitsDiffer);
    }

    /** Rows follow the order of the base file. */
    public static Comparison of(List<JmhResult> base, List<JmhResult> head, double thresholdPercent) {
        return of(base, head, thresholdPercent, NoiseFloors.NONE);
    }

    /** With each row's run-to-run noise floor as its threshold where that is larger. */
    public static Comparison of(
            List<JmhResult> base, List<JmhResult> head, double thresholdPercent, NoiseFloors floors) {
        try {
            return of(base, head, thresholdPercent, floors, false);
        } catch (BadInputException e) {
            throw new IllegalStateException("only a paired comparison can refuse its input", e);
        }
    }

    /**
     * {@code paired}: base and head come from one interleaved run, fork k of each side measured back to
     * back ({@link RatioBootstrap#pairedInterval}); each row must then have as many forks on both sides.
     */
    public static Comparison of(
            List<JmhResult> base, List<JmhResult> head, double thresholdPercent, NoiseFloors floors, boolean paired)
            throws BadInputException {
        Map<BenchmarkKey, JmhResult> heads = new LinkedHashMap<>();
        head.forEach(r -> heads.put(r.key(), r));
        List<ComparisonRow> rows = new ArrayList<>();
        List<BenchmarkKey> onlyInBase = new ArrayList<>();
        List<String> unitsDiffer = new ArrayList<>();
        for (JmhResult b : base) {
            JmhResult h = heads.remove(b.key());
            if (h == null) {
                onlyInBase.add(b.key());
            } else if (!b.unit().equals(h.unit())) {
                unitsDiffer.add(b.key().label() + " (base " + b.unit() + ", head " + h.unit() + ")");
            } else {
                rows.add(row(b, h, Math.max(thresholdPercent, floors.percent(b.key())), paired));
            }
        }
        return new Comparison(thresholdPercent, rows, onlyInBase, new ArrayList<>(heads.keySet()), unitsDiffer, paired);
    }

    static ComparisonRow row(JmhResult base, JmhResult head, double thresholdPercent, boolean paired)
            throws BadInputException {
        boolean fromSamples = base.hasSamples() && head.hasSamples();
        double ratio;
        Interval interval;
        long seed = SEED ^ base.key().label().hashCode();
        // The base and head columns show what the ratio divides: a row must not read 3,333,000 against
        // 3,333,000 (JMH's rounded scores) beside a ratio of 0.850 taken from the raw data.
        double baseValue = base.score();
        double headValue = head.score();
        if (fromSamples) {
            baseValue = RatioBootstrap.mean(base.samples());
            headValue = RatioBootstrap.mean(head.samples());
            ratio = headValue / baseValue;
            try {
                interval = paired
                        ? RatioBootstrap.pairedInterval(base.samples(), head.samples(), seed)
                        : RatioBootstrap.interval(base.samples(), head.samples(), seed);
            } catch (BadInputException e) {
                throw new BadInputException(base.key().label() + ": " + e.getMessage());
            }
        } else if (paired) {
            throw new BadInputException(base.key().label() + ": a paired comparison needs JMH's raw data (run "
                    + "without -Djmh.json.rawData=false)");
        } else {
            ratio = head.score() / base.score();
            interval = fromScoreErrors(base, head);
        }
        Verdict verdict = verdict(base.direction(), ratio, interval, thresholdPercent);
        return new ComparisonRow(
                base.key(),
                base.unit(),
                base.direction(),
                baseValue,
                headValue,
                ratio,
                interval,
                fromSamples,
                verdict,
                thresholdPercent);
    }

    public static Verdict verdict(Direction direction, double ratio, Interval interval, double thresholdPercent) {
        if (Math.abs(ratio - 1) * 100 <= thresholdPercent) {
            return Verdict.NO_CHANGE;
        }
        boolean headLower = ratio < 1 && interval.below(1);
        boolean headHigher = ratio > 1 && interval.above(1);
        if (!headLower && !headHigher) {
            return Verdict.NO_CHANGE;
        }
        return headLower == (direction == Direction.HIGHER_IS_BETTER) ? Verdict.SLOWER : Verdict.FASTER;
    }

    /**
     * Without raw data (JMH run with {@code -Djmh.json.rawData=false}) only JMH's own 99.9% score errors
     * are left. Dividing the extremes of the two intervals is crude and conservative, which is the safe side
     * for a tool that can fail a build.
     */
    private static Interval fromScoreErrors(JmhResult base, JmhResult head) {
        double be = base.scoreError();
        double he = head.scoreError();
        if (!Double.isFinite(be) || !Double.isFinite(he) || base.score() - be <= 0 || head.score() - he < 0) {
            return Interval.UNKNOWN;
        }
        return new Interval((head.score() - he) / (base.score() + be), (head.score() + he) / (base.score() - be));
    }

    /** True when the intervals pair fork k of base with fork k of head (an interleaved run). */
    public boolean paired() {
        return paired;
    }

    public double thresholdPercent() {
        return thresholdPercent;
    }

    /** True when some row was judged by a noise floor above the threshold. */
    public boolean noiseFloors() {
        return rows.stream().anyMatch(r -> r.thresholdPercent() > thresholdPercent);
    }

    public List<ComparisonRow> rows() {
        return rows;
    }

    public List<BenchmarkKey> onlyInBase() {
        return onlyInBase;
    }

    public List<BenchmarkKey> onlyInHead() {
        return onlyInHead;
    }

    /** Benchmarks in both runs measured in different units (for example {@code -tu} changed), not compared. */
    public List<String> unitsDiffer() {
        return unitsDiffer;
    }

    /** A gated row is slower: compare's exit 1. */
    public boolean regressed() {
        return rows.stream().anyMatch(r -> r.verdict() == Verdict.SLOWER && r.gated());
    }

    public long count(Verdict verdict) {
        return rows.stream().filter(r -> r.verdict() == verdict).count();
    }
}
