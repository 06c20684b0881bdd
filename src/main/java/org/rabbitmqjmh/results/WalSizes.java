package org.rabbitmqjmh.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wal-sizes LOG...}: what a log of the quorum queues' write-ahead log sizes says (lines of
 * {@code HH:MM:SS [what ran] | 00000002.wal=BYTES}, written by a loop beside a run): how many WAL files
 * it saw, so how many roll-overs; the lowest and highest size a file reached (MB, 10^6 bytes), which for
 * a log started afresh before each fork is what one fork wrote; and how fast it grew between two samples
 * of one file (median and highest, over the intervals in which it grew). Prints a markdown table; exit
 * 0, or 2 on unusable input.
 * Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.WalSizes results/noise/quorum-log/wal-sizes.log}
 */
public final class WalSizes {

    private static final String USAGE = "usage: wal-sizes LOG...  (lines of HH:MM:SS ... | NAME.wal=BYTES)";
    private static final Pattern LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d)\\b.*\\|\\s*(\\S+\\.wal)=(\\d+)");
    private static final double MB = 1e6;

    private WalSizes() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("-")) {
            err.println("wal-sizes: " + USAGE);
            return 2;
        }
        StringBuilder b = new StringBuilder(
                "| log | WAL files | roll-overs (files after the first) | largest size of a file: lowest (MB) "
                        + "| highest (MB) | growth between samples: median (MB/s) | highest (MB/s) |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|\n");
        try {
            for (String arg : args) {
                b.append(row(Path.of(arg)));
            }
        } catch (BadInputException e) {
            err.println("wal-sizes: " + e.getMessage());
            return 2;
        }
        out.print(b);
        return 0;
    }

    /** One sample: when, which file, how large. */
    private record Sample(LocalTime at, String file, long bytes) {}

    private static String row(Path log) throws BadInputException {
        List<Sample> samples = samples(log);
        Map<String, Long> largest = new LinkedHashMap<>();
        List<Double> growth = new ArrayList<>();
        Sample previous = null;
        for (Sample s : samples) {
            largest.merge(s.file(), s.bytes(), Math::max);
            if (previous != null && previous.file().equals(s.file()) && s.bytes() > previous.bytes()) {
                long seconds = Duration.between(previous.at(), s.at()).toSeconds();
                if (seconds > 0) { // a sample after midnight is a day on; the loop never samples that slowly
                    growth.add((s.bytes() - previous.bytes()) / MB / seconds);
                }
            }
            previous = s;
        }
        if (growth.isEmpty()) {
            throw new BadInputException(log + " never shows a WAL file growing");
        }
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %.0f | %.0f | %.1f | %.1f |%n",
                log.getFileName(),
                largest.size(),
                largest.size() - 1,
                largest.values().stream().mapToLong(Long::longValue).min().orElseThrow() / MB,
                largest.values().stream().mapToLong(Long::longValue).max().orElseThrow() / MB,
                Quantiles.median(growth),
                growth.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    private static List<Sample> samples(Path log) throws BadInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + log + ": " + e.getMessage());
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                samples.add(new Sample(LocalTime.parse(m.group(1)), m.group(2), Long.parseLong(m.group(3))));
            }
        }
        if (samples.isEmpty()) {
            throw new BadInputException(log + " holds no line of HH:MM:SS ... | NAME.wal=BYTES");
        }
        return samples;
    }
}
