package org.rabbitmqjmh.results.charts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.CommandLine;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;
import org.rabbitmqjmh.results.Numbers;
import org.rabbitmqjmh.results.Table;

/**
 * {@code protocol-table RUN_FOLDER}: the protocols of one run side by side (the {@code protocols}
 * profile's run): one markdown table of every protocol (and TLS) x unary/streaming x size with its
 * acknowledged messages per second, its ratio to AMQP 0.9.1 at the same point, acknowledgement and
 * end-to-end latency p50 and client and broker CPU per message, the in-memory ceiling beside it; and a
 * bar chart of the rates ({@code charts/protocols.png}, log scale: they span three orders of magnitude).
 * Writes {@code protocols.md} and the chart into the run folder; with {@code --print} only prints the
 * table and writes nothing (what a generated section of a README runs). Exit 0 written, 1 cannot write,
 * 2 unusable input. Run: {@code java -cp target/benchmarks.jar org.rabbitmqjmh.results.charts.ProtocolTable RUN}
 */
public final class ProtocolTable {

    static final String BENCHMARK = "ProtocolBenchmark.send";
    static final String CEILING = "InMemoryPublishBenchmark.publish";

    private ProtocolTable() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = "usage: protocol-table [--print] RUN_FOLDER  (a run of --profile protocols, or any "
            + "run of ProtocolBenchmark; --print: the table only, nothing written)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<Void> PRINT = PARSER.accepts("print");

    public static int run(String[] args, PrintStream out, PrintStream err) {
        OptionSet o;
        try {
            o = CommandLine.parse(PARSER, args, "--print", USAGE);
            if (o.nonOptionArguments().size() != 1) {
                throw new BadInputException(
                        "expected one RUN_FOLDER, got " + o.nonOptionArguments().size() + "; " + USAGE);
            }
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        boolean print = o.has(PRINT);
        Path run = Path.of(o.nonOptionArguments().get(0).toString());
        try {
            List<JmhResult> results = JmhJson.read(run, metric -> true);
            String table = markdown(results);
            if (print) {
                out.print(table);
                return 0;
            }
            Path folder = Files.isDirectory(run) ? run : run.toAbsolutePath().getParent();
            Files.writeString(folder.resolve("protocols.md"), table);
            Path charts = Files.createDirectories(folder.resolve("charts"));
            BitmapEncoder.saveBitmap(
                    chart(results), charts.resolve("protocols").toString(), BitmapEncoder.BitmapFormat.PNG);
            out.print(table);
            err.println("wrote " + folder.resolve("protocols.md") + " and " + charts.resolve("protocols.png"));
            return 0;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write into " + run + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * A trial's point: protocol (with "+tls", and "→CONSUMER" where another protocol consumed), the queue
     * type where the run names one, form and size.
     */
    record Point(String protocol, String queue, String form, String size) {

        static Optional<Point> of(JmhResult r) {
            Map<String, String> p = r.key().params();
            if (!r.key().benchmark().endsWith(BENCHMARK) && !r.key().shortName().startsWith(BENCHMARK)) {
                return Optional.empty();
            }
            String consumer = p.getOrDefault("consumeWith", "same");
            consumer = consumer.equals(p.get("protocol")) ? "same" : consumer; // amqp091 consumed by amqp091
            String protocol = p.get("protocol")
                    + (consumer.equals("same") ? "" : "→" + consumer)
                    + ("on".equals(p.get("tls")) ? "+tls" : "");
            String queue = p.get("queueType") == null
                    ? ""
                    : p.get("protocol").equals("stream") || consumer.equals("stream") ? "stream" : p.get("queueType");
            return Optional.of(new Point(protocol, queue, p.get("form"), p.get("messageSize")));
        }

        /** AMQP 0.9.1's point at the same queue, form and size: what a row's ratio is to. */
        Point amqp091() {
            return new Point("amqp091", queue, form, size);
        }
    }

    static String markdown(List<JmhResult> results) throws BadInputException {
        Map<Point, Map<String, JmhResult>> byPoint = new LinkedHashMap<>();
        for (JmhResult r : results) {
            Point.of(r)
                    .ifPresent(p -> byPoint.computeIfAbsent(p, k -> new LinkedHashMap<>())
                            .put(r.key().metric(), r));
        }
        if (byPoint.isEmpty()) {
            throw new BadInputException("the run has no " + BENCHMARK + " results");
        }
        boolean queues = byPoint.keySet().stream().anyMatch(p -> !p.queue().isEmpty());
        List<String> header = new ArrayList<>(List.of(
                "protocol",
                "form",
                "size (B)",
                "acknowledged msg/s",
                "vs amqp091",
                "ack p50 (µs)",
                "e2e p50 (µs)",
                "consumed / acked",
                "client CPU (µs/msg)",
                "broker CPU (µs/msg)",
                "client alloc (B/msg)"));
        if (queues) {
            header.add(1, "queue");
        }
        Table t = new Table(header.toArray(String[]::new));
        List<Point> points = new ArrayList<>(byPoint.keySet());
        points.sort(Comparator.comparing(Point::form)
                .thenComparing(p -> Integer.parseInt(p.size()))
                .thenComparing(Point::queue)
                .thenComparing(p -> order(p.protocol())));
        for (Point p : points) {
            List<String> cells = row(p, byPoint);
            if (queues) {
                cells.add(1, p.queue());
            }
            t.add(cells.toArray(String[]::new));
        }
        return t.toMarkdown() + ceilingNote(results);
    }

    private static List<String> row(Point p, Map<Point, Map<String, JmhResult>> byPoint) {
        Map<String, JmhResult> m = byPoint.get(p);
        double score = score(m, "");
        double base = Optional.ofNullable(byPoint.get(p.amqp091()))
                .map(b -> score(b, ""))
                .orElse(Double.NaN);
        return new ArrayList<>(List.of(
                p.protocol(),
                p.form(),
                p.size(),
                Numbers.score(score),
                Numbers.ratio(score / base),
                cell(m, "confirm.p50", 1),
                cell(m, "e2e.p50", 1),
                Numbers.ratio(score(m, "consumed") / score(m, "acknowledged")),
                cell(m, "cost.client.cpu", 1e-3),
                cell(m, "cost.broker.cpu", 1e-3),
                cell(m, "cost.client.alloc", 1)));
    }

    /** The in-memory ceiling of the publish path, where the run measured it. */
    private static String ceilingNote(List<JmhResult> results) {
        List<JmhResult> ceiling = results.stream()
                .filter(r -> r.key().shortName().equals(CEILING))
                .toList();
        if (ceiling.isEmpty()) {
            return "";
        }
        return "\nIn-memory ceiling of the publish path (" + CEILING + ", no broker): "
                + String.join(
                        ", ",
                        ceiling.stream()
                                .map(r -> Numbers.score(r.score()) + " msg/s at "
                                        + r.key().params().get("messageSize") + " B")
                                .toList())
                + ".\n";
    }

    private static int order(String protocol) {
        List<String> known = List.of(
                "amqp091",
                "amqp091+tls",
                "stream",
                "stream+tls",
                "mqtt",
                "web-mqtt",
                "mqtt5",
                "web-mqtt5",
                "stomp",
                "web-stomp",
                "amqp10",
                "amqp10-rabbitmq");
        int i = known.indexOf(protocol);
        return i < 0 ? known.size() : i;
    }

    private static double score(Map<String, JmhResult> m, String metric) {
        JmhResult r = m.get(metric);
        return r == null ? Double.NaN : r.score();
    }

    private static String cell(Map<String, JmhResult> m, String metric, double scale) {
        double v = score(m, metric);
        return Double.isNaN(v) ? "—" : Numbers.score(v * scale);
    }

    static CategoryChart chart(List<JmhResult> results) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(SweepChart.WIDTH)
                .height(SweepChart.HEIGHT)
                .title("acknowledged messages per second, one node, one run")
                .yAxisTitle("msg/s (log)")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(10.0); // bars on a log axis need a floor above zero
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(45);
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        List<String> protocols = new ArrayList<>();
        for (JmhResult r : results) {
            Point.of(r).filter(p -> r.key().metric().isEmpty()).ifPresent(p -> {
                if (!protocols.contains(p.protocol())) {
                    protocols.add(p.protocol());
                }
                series.computeIfAbsent(p.form() + " " + p.size() + " B", k -> new LinkedHashMap<>())
                        .put(p.protocol(), r.score());
            });
        }
        protocols.sort(Comparator.comparing(ProtocolTable::order));
        series.forEach((name, values) -> chart.addSeries(
                name,
                protocols,
                protocols.stream().map(p -> values.getOrDefault(p, 1.0)).toList()));
        return chart;
    }
}
