package org.rabbitmqjmh.results.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.JavaProcess;
import org.rabbitmqjmh.broker.BrokerSettings;
import org.rabbitmqjmh.broker.LocalCluster;
import org.rabbitmqjmh.broker.Uris;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * deploy/k8s/benchmark-job.yaml on one machine: two workers, each the real launcher
 * ({@code BenchmarkMain}) as a pod runs it, with the variables the Job gives a pod (worker count, index,
 * run id, the broker's URIs), against one private cluster of two nodes; then {@link WorkerMerge} over
 * their run folders. The second worker starts 3 s after the first, which must wait for it at the barrier.
 */
class LocalWorkersSimulationTest {

    @TempDir
    Path dir;

    @Test
    void twoLaunchersMeetAtTheBarrierAndTheirMergedRateIsTheSumOfTheirs() throws Exception {
        BrokerSettings settings = BrokerSettings.fromEnvironment()
                .withNodesDir(dir.resolve("nodes"))
                .withClusterSize(2);
        try (LocalCluster cluster = LocalCluster.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, settings)) {
            String run = "sim-" + System.currentTimeMillis();
            String uris = Uris.joinAll(cluster.uris());
            CompletableFuture<JavaProcess.Result> first =
                    CompletableFuture.supplyAsync(() -> worker(uris, run, 0), r -> new Thread(r).start());
            Thread.sleep(3000);
            JavaProcess.Result second = worker(uris, run, 1);
            JavaProcess.Result firstResult = first.get();

            for (JavaProcess.Result r : List.of(firstResult, second)) {
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                assertThat(r.stderr())
                        .contains("workers: all 2 arrived after ")
                        .contains("cross-check: off, 2 workers share");
            }
            double waited = Double.parseDouble(
                    firstResult.stderr().replaceAll("(?s).*workers: all 2 arrived after ([0-9.]+) s.*", "$1"));
            assertThat(waited)
                    .as("worker 0 waited for worker 1, started 3 s later")
                    .isGreaterThan(1.5);

            List<Path> folders = List.of(runFolder(0), runFolder(1));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args =
                    new ArrayList<>(List.of("--out", dir.resolve("merged").toString()));
            folders.forEach(f -> args.add(f.toString()));
            int exit = WorkerMerge.run(
                    args.toArray(String[]::new),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();

            double parts = 0;
            Histogram union = new Histogram(3);
            for (Path f : folders) {
                parts += primary(JmhJson.read(f)).score();
                WorkerFolder folder = WorkerFolder.read(f);
                union.add(folder.latency(folder.trials().values().iterator().next(), "confirm"));
            }
            List<JmhResult> merged = JmhJson.read(dir.resolve("merged").resolve(WorkerMerge.MERGED_JSON));
            assertThat(primary(merged).score()).isCloseTo(parts, within(1e-6 * parts));
            assertThat(union.getTotalCount())
                    .as("confirm latencies recorded by both workers")
                    .isPositive();
            assertThat(merged.stream()
                            .filter(r -> r.key().metric().equals("confirm.p99"))
                            .findFirst()
                            .orElseThrow()
                            .score())
                    .isEqualTo(Latency.micros(union, 99));
        }
    }

    @Test
    void aWorkerOfSeveralRefusesABrokerItWouldStartItselfAndAnInterleavedRun() throws Exception {
        Map<String, String> pod =
                Map.of("RABBITMQJMH_WORKERS", "2", "JOB_COMPLETION_INDEX", "0", "RABBITMQJMH_RUN_ID", "r1");
        List<String> trial = List.of(
                "\\.PublishBenchmark",
                "-p",
                "confirm=unary",
                "-p",
                "messageSize=16",
                "-p",
                "delivery=transient",
                "-p",
                "queueType=classic",
                "-p",
                "socketIo=classic",
                "-p",
                "recording=off");
        List<String> jvm = List.of(
                "-Drabbitmqjmh.results=" + dir.resolve("refused"), "-Drabbitmq.local.dir=" + dir.resolve("nodes"));

        List<String> alone = new ArrayList<>(trial);
        alone.addAll(List.of("-f", "1"));
        JavaProcess.Result own = JavaProcess.run(jvm, "org.rabbitmqjmh.BenchmarkMain", alone, pod, 120);
        assertThat(own.exitCode()).as(own.stderr()).isEqualTo(2);
        assertThat(own.stderr())
                .contains("error: 2 workers (RABBITMQJMH_WORKERS) must load one broker they all reach: "
                        + "give its URI (RABBITMQ_URI), not a ")
                .doesNotContain("\tat ");

        List<String> against = new ArrayList<>(trial);
        against.addAll(List.of(
                "-f",
                "2",
                "--against",
                Path.of("target", "classes").toAbsolutePath().toString()));
        JavaProcess.Result both = JavaProcess.run(jvm, "org.rabbitmqjmh.BenchmarkMain", against, pod, 60);
        assertThat(both.exitCode()).as(both.stderr()).isEqualTo(2);
        assertThat(both.stderr().strip())
                .isEqualTo("error: --against runs both sides here; 2 workers "
                        + "(RABBITMQJMH_WORKERS) each run one side on their own host");
        try (var left = Files.list(dir.resolve("nodes"))) {
            assertThat(left)
                    .as("the private node the refused worker started is gone")
                    .isEmpty();
        } catch (NoSuchFileException none) {
            // the nodes folder went with its last node
        }
    }

    private static JmhResult primary(List<JmhResult> results) {
        return results.stream()
                .filter(r -> r.key().metric().isEmpty())
                .findFirst()
                .orElseThrow();
    }

    /** A pod's command: the launcher, one short trial, its results under the worker's own folder. */
    private JavaProcess.Result worker(String uris, String run, int index) {
        try {
            // Two JMH runs on one host: JMH's host-wide lock would stop the second (pods are on hosts of their own).
            return JavaProcess.run(
                    List.of(
                            "-Drabbitmqjmh.results=" + dir.resolve("w" + index),
                            "-Drabbitmqjmh.csv=false",
                            "-Djmh.ignoreLock=true"),
                    "org.rabbitmqjmh.BenchmarkMain",
                    List.of(
                            "\\.PublishBenchmark",
                            "-p",
                            "confirm=async-window",
                            "-p",
                            "batch=100",
                            "-p",
                            "messageSize=16",
                            "-p",
                            "delivery=transient",
                            "-p",
                            "queueType=classic",
                            "-p",
                            "socketIo=classic",
                            "-p",
                            "recording=off",
                            "-p",
                            "clientNodes=spread",
                            "-f",
                            "1",
                            "-wi",
                            "1",
                            "-w",
                            "1s",
                            "-i",
                            "2",
                            "-r",
                            "1s"),
                    Map.of(
                            "RABBITMQ_URI",
                            uris,
                            "RABBITMQJMH_WORKERS",
                            "2",
                            "JOB_COMPLETION_INDEX",
                            Integer.toString(index),
                            "RABBITMQJMH_RUN_ID",
                            run),
                    180);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path runFolder(int index) throws Exception {
        try (var runs = Files.list(dir.resolve("w" + index))) {
            return runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }
}
