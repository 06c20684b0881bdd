package org.rabbitmqjmh.results.history;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * How often {@code changes} raises a false alarm, and how soon it finds a real step, on synthetic
 * histories with the noise this suite sees: the figures docs/history.md quotes, made by the detector
 * itself from fixed seeds so they are the same on every machine. Each point of a series is the mean of
 * {@code forks} forks drawn as {@code level·(1 + noise·N(0,1))}.
 *
 * <p>{@code DetectionPower} prints two tables: series of 20 points with no step (quiet = no change at
 * p ≤ 0.01, with and without the permutation confirmation), and a 10% step after 10 points (found = a
 * change within one point of it), by the number of points after the step. EDivisiveTest holds the
 * detector to them.
 */
public final class DetectionPower {

    static final double P = 0.01;
    static final double STEP = 0.10;
    static final int STEP_AT = 10;
    static final int MAX_AFTER = 10;

    private DetectionPower() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println(
                    "detection-power: takes no arguments (its series come from fixed seeds); usage: DetectionPower");
            return 2;
        }
        out.println("| no step, 20 points | seeds | quiet | quiet with Otava's t-test alone |");
        out.println("| --- | ---: | ---: | ---: |");
        out.println(quietRow(0.11, 3, 20));
        out.println(quietRow(0.11, 3, 200));
        out.println(quietRow(0.11, 10, 20));
        out.println(quietRow(0.03, 3, 20));
        out.println();
        StringBuilder header = new StringBuilder("| 10% step after 10 points, in 10 seeds: found within N points |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (int after = 1; after <= MAX_AFTER; after++) {
            header.append(" N=").append(after).append(" |");
            rule.append(" ---: |");
        }
        out.println(header);
        out.println(rule);
        out.println(foundRow(0.03, 3));
        out.println(foundRow(0.11, 3));
        out.println(foundRow(0.11, 10));
        return 0;
    }

    private static String label(double forkNoise, int forks) {
        return String.format(Locale.ROOT, "%.0f%% fork noise, %d forks a point", 100 * forkNoise, forks);
    }

    private static String quietRow(double forkNoise, int forks, int seeds) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d |",
                label(forkNoise, forks),
                seeds,
                quietSeeds(forkNoise, forks, seeds, false),
                quietSeeds(forkNoise, forks, seeds, true));
    }

    private static String foundRow(double forkNoise, int forks) {
        StringBuilder row = new StringBuilder("| " + label(forkNoise, forks) + " |");
        for (int found : foundWithin(forkNoise, forks)) {
            row.append(' ').append(found).append(" |");
        }
        return row.toString();
    }

    /** Of seeds 1..{@code seeds}, how many series of 20 points without a step report no change. */
    static int quietSeeds(double forkNoise, int forks, int seeds, boolean otavaAlone) {
        int quiet = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            double[] s = series(seed, 20, -1, 0, forkNoise, forks);
            boolean none = (otavaAlone
                            ? EDivisive.otava(s, EDivisive.DEFAULT_WINDOW, P, 0)
                            : EDivisive.changePoints(s, EDivisive.DEFAULT_WINDOW, P, 0))
                    .isEmpty();
            quiet += none ? 1 : 0;
        }
        return quiet;
    }

    /**
     * Element N-1: in how many of 10 seeds a 10% step after 10 points is found (a change within one point
     * of it) once N points follow it. A seed counts from the first N at which it is found.
     */
    static int[] foundWithin(double forkNoise, int forks) {
        int[] found = new int[MAX_AFTER];
        for (int seed = 1; seed <= 10; seed++) {
            for (int after = 1; after <= MAX_AFTER; after++) {
                double[] s = series(100 + seed, STEP_AT + after, STEP_AT, STEP, forkNoise, forks);
                boolean hit = EDivisive.changePoints(s, EDivisive.DEFAULT_WINDOW, P, 0).stream()
                        .anyMatch(cp -> Math.abs(cp.index() - STEP_AT) <= 1);
                if (hit) {
                    for (int k = after; k <= MAX_AFTER; k++) {
                        found[k - 1]++;
                    }
                    break;
                }
            }
        }
        return found;
    }

    /** {@code points} values, each the mean of {@code forks} forks of {@code noise} around 100, or 100·(1+step) from {@code at}. */
    static double[] series(long seed, int points, int at, double step, double noise, int forks) {
        Random random = new Random(seed);
        double[] s = new double[points];
        for (int i = 0; i < points; i++) {
            double level = at >= 0 && i >= at ? 100 * (1 + step) : 100;
            double sum = 0;
            for (int f = 0; f < forks; f++) {
                sum += level * (1 + noise * random.nextGaussian());
            }
            s[i] = sum / forks;
        }
        return s;
    }
}
