package org.rabbitmqjmh.perftest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * PerfTest's console output, read the way our JMH run is: its per-second lines ("time 12.001 s, sent:
 * 30164 msg/s, ..., confirm latency: 378/2144/3814/6493/7279 µs"), of which the first {@code warmup}
 * seconds are dropped, as JMH drops warmup iterations. Its closing "sending rate avg" is not used: it
 * averages over the whole run, JIT warm-up included.
 *
 * <p>PerfTest prints no line for a second in which nothing happened, so a measured second without a
 * line counts as a rate of 0. Its per-second latency percentiles come from a 1,028-value decaying
 * reservoir sample of that second; the confirm p50 here is the median of the measured seconds' p50s.
 */
final class PerfTestOutput {

    /** One per-second line: the second it closes (1, 2, ...), its rates by name, its confirm p50 if any. */
    record Second(int second, Map<String, Double> rates, double confirmP50) {}

    /** What the measured seconds give: the mean rate, the confirm p50, and how many seconds had a line. */
    record Measured(double rate, double confirmP50, int secondsPrinted, int secondsMeasured) {}

    // Decimal separators follow PerfTest's default locale: 1.001 or 1,001.
    private static final Pattern TIME = Pattern.compile("\\btime (\\d+)[.,](\\d+) s\\b");
    private static final Pattern RATE = Pattern.compile("\\b([a-z]+): (\\d+(?:[.,]\\d+)?) msg/s");
    private static final Pattern CONFIRM = Pattern.compile("\\bconfirm latency: (\\d+)/(\\d+)/");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    private final List<Second> seconds;

    private PerfTestOutput(List<Second> seconds) {
        this.seconds = seconds;
    }

    static PerfTestOutput parse(String text) {
        List<Second> seconds = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = ANSI.matcher(raw).replaceAll("");
            Matcher time = TIME.matcher(line);
            if (!time.find()) {
                continue;
            }
            double at = Double.parseDouble(time.group(1) + "." + time.group(2));
            Map<String, Double> rates = new HashMap<>();
            Matcher rate = RATE.matcher(line);
            while (rate.find()) {
                rates.put(rate.group(1), Double.parseDouble(rate.group(2).replace(',', '.')));
            }
            Matcher confirm = CONFIRM.matcher(line);
            double p50 = confirm.find() ? Double.parseDouble(confirm.group(2)) : Double.NaN;
            seconds.add(new Second((int) Math.round(at), Map.copyOf(rates), p50));
        }
        return new PerfTestOutput(List.copyOf(seconds));
    }

    List<Second> seconds() {
        return seconds;
    }

    /**
     * The mean of {@code rate} over seconds {@code warmup + 1} to {@code warmup + measured}, and the
     * median of their confirm p50s (NaN without confirms).
     *
     * @throws IllegalStateException when no measured second has a line with {@code rate}: PerfTest failed,
     *     or stopped early, or does not print that rate for these flags
     */
    Measured measured(String rate, int warmup, int measured) {
        double sum = 0;
        int printed = 0;
        List<Double> p50 = new ArrayList<>();
        for (Second s : seconds) {
            if (s.second() <= warmup || s.second() > warmup + measured) {
                continue;
            }
            Double r = s.rates().get(rate);
            if (r == null) {
                continue;
            }
            sum += r;
            printed++;
            if (!Double.isNaN(s.confirmP50())) {
                p50.add(s.confirmP50());
            }
        }
        if (printed == 0) {
            throw new IllegalStateException("PerfTest printed no '" + rate + "' rate for seconds " + (warmup + 1)
                    + " to " + (warmup + measured) + " (" + seconds.size() + " per-second lines in all)");
        }
        double confirmP50 = p50.isEmpty()
                ? Double.NaN
                : new Median()
                        .evaluate(p50.stream().mapToDouble(Double::doubleValue).toArray());
        return new Measured(sum / measured, confirmP50, printed, measured);
    }
}
