package org.rabbitmqjmh.results;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code idle-broker-cpu SAMPLES BASE_PIDS HEAD_PIDS}: how much CPU one side's broker took, idle, while
 * the other side's forks ran, when a comparison keeps both brokers alive for the whole run. SAMPLES
 * holds lines {@code epoch pid utime stime} (clock ticks, 100 a second, from {@code /proc/PID/stat});
 * BASE_PIDS and HEAD_PIDS are the two sides' broker processes, comma-separated. For each side, over the
 * sampling intervals of the other side's first process in which the other side used more than 0.3 of a
 * core (at the interval's middle), this side's summed CPU in cores: the count of samples, the median
 * (user and system medians apart) and the 90th percentile. Exit 0, or 2 on bad arguments or an
 * unreadable file. Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.IdleBrokerCpu
 * results/cluster/replication/beam-cpu.txt 28912 29051,29178,29362}
 */
public final class IdleBrokerCpu {

    static final double TICKS_PER_SECOND = 100;
    static final double BUSY_CORES = 0.3;

    /** One sampling interval of one process: from, to, user and system cores. */
    record Rate(double from, double to, double user, double sys) {}

    private IdleBrokerCpu() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println("usage: idle-broker-cpu SAMPLES BASE_PIDS HEAD_PIDS  (SAMPLES: lines 'epoch pid utime stime')");
            return 2;
        }
        try {
            Map<Long, List<Rate>> rates = rates(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
            List<Long> base = pids(args[1]);
            List<Long> head = pids(args[2]);
            out.print(line("head (" + args[2] + ") while base runs", rates, head, base));
            out.print(line("base (" + args[1] + ") while head runs", rates, base, head));
            return 0;
        } catch (IOException e) {
            err.println("idle-broker-cpu: cannot read " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (NumberFormatException e) {
            err.println("idle-broker-cpu: bad pid list: " + e.getMessage());
            return 2;
        }
    }

    static List<Long> pids(String list) {
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .map(Long::parseLong)
                .toList();
    }

    /** Per process, in the file's order, the CPU rate between each sample and the next. */
    static Map<Long, List<Rate>> rates(List<String> lines) {
        Map<Long, List<double[]>> samples = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 4) {
                samples.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(f[0]), Long.parseLong(f[2]), Long.parseLong(f[3])});
            }
        }
        Map<Long, List<Rate>> rates = new LinkedHashMap<>();
        samples.forEach((pid, s) -> {
            List<Rate> r = new ArrayList<>();
            for (int i = 0; i + 1 < s.size(); i++) {
                double[] a = s.get(i);
                double[] b = s.get(i + 1);
                double dt = b[0] - a[0];
                r.add(new Rate(
                        a[0], b[0], (b[1] - a[1]) / TICKS_PER_SECOND / dt, (b[2] - a[2]) / TICKS_PER_SECOND / dt));
            }
            rates.put(pid, r);
        });
        return rates;
    }

    /** {user, sys} of PIDS summed over the intervals that contain t. */
    static double[] at(Map<Long, List<Rate>> rates, List<Long> pids, double t) {
        double u = 0;
        double s = 0;
        for (long p : pids) {
            for (Rate r : rates.getOrDefault(p, List.of())) {
                if (r.from() <= t && t < r.to()) {
                    u += r.user();
                    s += r.sys();
                }
            }
        }
        return new double[] {u, s};
    }

    static String line(String name, Map<Long, List<Rate>> rates, List<Long> me, List<Long> other) {
        List<Double> all = new ArrayList<>();
        List<Double> users = new ArrayList<>();
        List<Double> syss = new ArrayList<>();
        for (Rate r : rates.getOrDefault(other.get(0), List.of())) {
            double mid = (r.from() + r.to()) / 2;
            double[] busy = at(rates, other, mid);
            if (busy[0] + busy[1] > BUSY_CORES) {
                double[] mine = at(rates, me, mid);
                all.add(mine[0] + mine[1]);
                users.add(mine[0]);
                syss.add(mine[1]);
            }
        }
        if (all.isEmpty()) {
            return name + ": no sample while the other side was busy\n";
        }
        return String.format(
                Locale.ROOT,
                "%s: %d samples, CPU median %.3f cores (user %.3f, sys %.3f), p90 %.3f%n",
                name,
                all.size(),
                Quantiles.median(all),
                Quantiles.median(users),
                Quantiles.median(syss),
                Quantiles.percentile(all, 90));
    }
}
