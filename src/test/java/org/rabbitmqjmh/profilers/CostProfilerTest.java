package org.rabbitmqjmh.profilers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;

/**
 * The cost per message, as the launcher reports it on a real private node: each cost must rise when the
 * work per message does. A 16 KiB body allocates a thousand times what a 16 B one does; a quorum queue
 * (a Raft log written for every message) costs the broker more CPU per message than a transient
 * classic queue.
 */
class CostProfilerTest {

    @TempDir
    Path results;

    @Test
    void allocationAndClientCpuPerMessageRiseWithTheBodySize() throws Exception {
        Map<String, JsonObject> trials = run(
                "messageSize",
                List.of("-Drabbitmqjmh.probe=true"),
                List.of(
                        "InMemoryPublishBenchmark",
                        "-p",
                        "messageSize=16,16384",
                        "-f",
                        "1",
                        "-wi",
                        "2",
                        "-w",
                        "500ms",
                        "-i",
                        "2",
                        "-r",
                        "500ms"));
        double small = cost(trials.get("16"), "cost.client.alloc");
        double large = cost(trials.get("16384"), "cost.client.alloc");
        assertThat(small).as("B/msg for a 16 B body").isBetween(16.0, 200.0);
        assertThat(large).as("B/msg for a 16 KiB body").isGreaterThan(16_384.0);
        assertThat(cost(trials.get("16384"), "cost.client.cpu"))
                .isGreaterThan(cost(trials.get("16"), "cost.client.cpu"));
        // Copying a 16 KiB body is the client's own code: user-mode time, which must rise with it.
        double userLarge = cost(trials.get("16384"), "cost.client.cpu.user");
        assertThat(userLarge)
                .as("user-mode ns/msg, 16 KiB body")
                .isGreaterThan(cost(trials.get("16"), "cost.client.cpu.user"))
                .isLessThanOrEqualTo(cost(trials.get("16384"), "cost.client.cpu.java") * 1.05);
        // The speed probe, asked for: the CPU time of its fixed piece of work, some µs at least.
        assertThat(cost(trials.get("16"), "sched.client.probe"))
                .as("ns a probe's piece of work")
                .isGreaterThan(10_000.0);
    }

    @Test
    void brokerCpuPerMessageIsHigherForAQuorumQueue() throws Exception {
        Map<String, JsonObject> trials = run(
                "queueType",
                List.of(),
                List.of(
                        "\\.PublishBenchmark\\.",
                        "-p",
                        "queueType=classic,quorum",
                        "-p",
                        "confirm=async-window",
                        "-p",
                        "batch=100",
                        "-p",
                        "messageSize=16",
                        "-p",
                        "delivery=transient",
                        "-p",
                        "socketIo=classic",
                        "-p",
                        "recording=off",
                        "-f",
                        "1",
                        "-wi",
                        "3",
                        "-w",
                        "1s",
                        "-i",
                        "2",
                        "-r",
                        "1s"));
        double classic = cost(trials.get("classic"), "cost.broker.cpu");
        double quorum = cost(trials.get("quorum"), "cost.broker.cpu");
        assertThat(classic).as("broker ns/msg, classic").isPositive();
        assertThat(quorum)
                .as("broker ns/msg, quorum against classic's %s", classic)
                .isGreaterThan(1.3 * classic);
        assertThat(cost(trials.get("classic"), "cost.client.cpu")).isPositive();
        assertThat(cost(trials.get("classic"), "cost.client.cpu.java"))
                .isPositive()
                .isLessThanOrEqualTo(cost(trials.get("classic"), "cost.client.cpu") * 1.05);
        assertThat(cost(trials.get("classic"), "cost.client.cpu.user"))
                .as("user-mode part of the Java threads' CPU")
                .isPositive()
                .isLessThan(cost(trials.get("classic"), "cost.client.cpu.java"));
        assertThat(cost(trials.get("classic"), "cost.client.alloc")).isPositive();
        // Every message wakes a thread somewhere, on each side; a window of 100 confirms batches the wake-ups,
        // so there are fewer than a few per message, and more than none.
        assertThat(cost(trials.get("classic"), "sched.client.switches"))
                .isGreaterThan(0.001)
                .isLessThan(20.0);
        assertThat(cost(trials.get("classic"), "sched.broker.switches"))
                .isGreaterThan(0.001)
                .isLessThan(20.0);
        assertThat(cost(trials.get("classic"), "sched.broker.runq")).isNotNegative();
        // The last iteration carries the trial's teardown, which ends the connections' threads before the
        // profiler reads: their allocation still counts (EndedThreads), so it matches the iteration before.
        JsonArray iterations = trials.get("classic")
                .getAsJsonObject("secondaryMetrics")
                .getAsJsonObject("cost.client.alloc")
                .getAsJsonArray("rawData")
                .get(0)
                .getAsJsonArray();
        double before = iterations.get(0).getAsDouble();
        double last = iterations.get(iterations.size() - 1).getAsDouble();
        assertThat(last)
                .as("B/msg in the last iteration against %s before", before)
                .isCloseTo(before, Percentage.withPercentage(15));
    }

    private Map<String, JsonObject> run(String param, List<String> jvmArgs, List<String> args) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Drabbitmqjmh.results=" + results, "-Drabbitmqjmh.csv=false"));
        jvm.addAll(jvmArgs);
        JavaProcess.Result r = JavaProcess.run(jvm, BenchmarkMain.class.getName(), args, Map.of(), 240);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("cost per message: client CPU and allocation, broker CPU from pid:");
        Path json;
        try (Stream<Path> files = Files.walk(results)) {
            json = files.filter(p -> p.getFileName().toString().equals("jmh-result.json"))
                    .findFirst()
                    .orElseThrow();
        }
        JsonArray all = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        Map<String, JsonObject> byParam = new HashMap<>();
        for (JsonElement e : all) {
            JsonObject trial = e.getAsJsonObject();
            byParam.put(trial.getAsJsonObject("params").get(param).getAsString(), trial);
        }
        return byParam;
    }

    private static double cost(JsonObject trial, String metric) {
        JsonObject m = trial.getAsJsonObject("secondaryMetrics").getAsJsonObject(metric);
        assertThat(m).as(metric + " in " + trial.get("params")).isNotNull();
        return m.get("score").getAsDouble();
    }
}
