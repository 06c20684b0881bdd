package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.BenchmarkMain;
import org.rabbitmqjmh.JavaProcess;
import org.rabbitmqjmh.broker.BrokerSource;

class CpuSplitTest {

    @TempDir
    Path results;

    @Test
    void theDefaultGivesTheBrokerTheFirstHalfAndTheBenchmarkTheRest() {
        CpuSplit two = CpuSplit.decide("split", List.of(0, 1), true);
        assertThat(two.broker()).contains("0");
        assertThat(two.client()).contains("1");
        CpuSplit odd = CpuSplit.decide("split", List.of(2, 3, 4, 7, 8), true);
        assertThat(odd.broker()).contains("2,3");
        assertThat(odd.client()).contains("4,7,8");
        assertThat(odd.describe()).isEqualTo("CPUs: broker 2,3, benchmark JVMs 4,7,8");
    }

    @Test
    void theDefaultSharesWhereItCannotSplit() {
        assertThat(CpuSplit.decide("split", List.of(0), true).pinned()).isFalse();
        CpuSplit noTaskset = CpuSplit.decide("split", List.of(0, 1), false);
        assertThat(noTaskset.pinned()).isFalse();
        assertThat(noTaskset.describe()).contains("taskset (util-linux) is not installed");
        assertThat(CpuSplit.decide("shared", List.of(0, 1), true).pinned()).isFalse();
    }

    @Test
    void anotherProgramRunsOnTheBenchmarkCpusAndABrokerAtAUriSplitsNothing() {
        CpuSplit two = CpuSplit.decide("split", List.of(0, 1), true);
        assertThat(two.onClientCpus(List.of("java", "-version")))
                .containsExactly("/usr/bin/taskset", "-c", "1", "java", "-version");
        assertThat(CpuSplit.shared("x").onClientCpus(List.of("java"))).containsExactly("java");
        assertThat(two.forBroker(BrokerSource.LOCAL)).isSameAs(two);
        assertThat(two.forBroker(BrokerSource.URI).pinned()).isFalse();
    }

    @Test
    void explicitListsAreTakenAsGivenOrRefusedWithWhatIsAllowed() {
        CpuSplit explicit = CpuSplit.decide("0-1/2-3", List.of(0, 1, 2, 3), true);
        assertThat(explicit.broker()).contains("0-1");
        assertThat(explicit.client()).contains("2-3");
        assertThatThrownBy(() -> CpuSplit.decide("half", List.of(0, 1), true))
                .hasMessage("-Drabbitmqjmh.cpus=half is not allowed; allowed: " + CpuSplit.ALLOWED);
        assertThatThrownBy(() -> CpuSplit.decide("0/5", List.of(0, 1), true))
                .hasMessage("-Drabbitmqjmh.cpus=0/5 names CPU 5, which this process may not use; usable: 0,1");
        assertThatThrownBy(() -> CpuSplit.decide("0/1", List.of(0, 1), false)).hasMessageContaining("needs taskset");
    }

    @Test
    void aBadSettingStopsTheLauncherWithOneLineBeforeAnyBrokerStarts() throws Exception {
        JavaProcess.Result r = JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + results, "-Drabbitmqjmh.cpus=all"),
                BenchmarkMain.class.getName(),
                List.of("PublishOneBenchmark", "-f", "1"),
                Map.of(),
                60);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip())
                .isEqualTo("error: -Drabbitmqjmh.cpus=all is not allowed; allowed: " + CpuSplit.ALLOWED);
        assertThat(results).isEmptyDirectory();
    }

    /** A run on a private node, with the default split: the node and the launcher each on their own CPUs. */
    @Test
    void theLauncherSplitsTheCpusAndSaysSoInTheEnvironmentFile() throws Exception {
        List<Integer> usable = CpuSplit.allowedCpus();
        assumeThat(usable.size()).as("a split needs two CPUs").isGreaterThanOrEqualTo(2);
        JavaProcess.Result r = JavaProcess.run(
                List.of("-Drabbitmqjmh.results=" + results, "-Drabbitmq.broker=local"),
                BenchmarkMain.class.getName(),
                List.of("PublishOneBenchmark", "-f", "1", "-wi", "0", "-i", "1", "-r", "1s"),
                Map.of(),
                120);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        CpuSplit expected = CpuSplit.decide("split", usable, Files.isExecutable(Path.of("/usr/bin/taskset")));
        assertThat(r.stderr()).contains(expected.describe());
        Path env;
        try (Stream<Path> runs = Files.list(results)) {
            env = runs.findFirst().orElseThrow().resolve("environment.properties");
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(env)) {
            p.load(in);
        }
        assertThat(p.getProperty("cpus")).isEqualTo(expected.describe());
    }
}
