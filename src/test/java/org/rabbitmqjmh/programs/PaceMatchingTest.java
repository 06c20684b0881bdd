package org.rabbitmqjmh.programs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.host.RunFolder;
import org.rabbitmqjmh.pace.PaceSample;

class PaceMatchingTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PaceMatching.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void threePhasesGiveOneCsvRowASecondAndASummary(@TempDir Path dir) throws Exception {
        System.setProperty(RunFolder.PROPERTY, dir.toString());
        try {
            int code = run(
                    "--uri",
                    TestBroker.uri().toString(),
                    "--producer-rate",
                    "400",
                    "--consumer-rate",
                    "100",
                    "--max-length",
                    "300",
                    "--normal",
                    "2",
                    "--stopped",
                    "2",
                    "--resumed",
                    "2",
                    "--metrics-port",
                    "0");
            assertThat(code).as(errText()).isZero();
            List<String> csv = Files.readAllLines(dir.resolve("pace").resolve("timeseries.csv"));
            assertThat(csv.get(0)).isEqualTo(PaceSample.CSV_HEADER);
            assertThat(csv.subList(1, csv.size())).hasSize(6);
            assertThat(csv.get(1)).startsWith("1,normal,");
            assertThat(csv.get(3)).startsWith("3,consumer-stopped,");
            assertThat(csv.get(6)).startsWith("6,resumed,");
            // The consumer took nothing while stopped (beyond finishing the message in hand).
            assertThat(Double.parseDouble(csv.get(4).split(",")[4])).isLessThanOrEqualTo(1);
            String summary = Files.readString(dir.resolve("pace").resolve("summary.md"));
            assertThat(summary)
                    .contains(
                            "| normal | 2 |", "| consumer-stopped | 2 |", "| resumed | 2 |", "consumed out of order 0");
            assertThat(errText()).doesNotContain(TestBroker.uri().getUserInfo().split(":")[1] + "@");
        } finally {
            System.clearProperty(RunFolder.PROPERTY);
        }
    }

    @Test
    void badInputGetsOneLineAndExitCode2(@TempDir Path dir) {
        System.setProperty(RunFolder.PROPERTY, dir.resolve("run").toString());
        try {
            badInput();
        } finally {
            System.clearProperty(RunFolder.PROPERTY);
        }
        assertThat(dir.resolve("run")).as("a refused run leaves no folder").doesNotExist();
    }

    private void badInput() {
        assertThat(run("--back-pressure", "sometimes")).isEqualTo(2);
        assertThat(errText().strip())
                .isEqualTo(
                        "pace: unknown back-pressure 'sometimes'; allowed: confirms, reject-publish, drop-head, memory-alarm");
        err.reset();
        assertThat(run("--metrics-port", "http")).isEqualTo(2);
        assertThat(errText().strip()).isEqualTo("pace: --metrics-port http is not a port; allowed: 0..65535 or off");
        err.reset();
        assertThat(run("--normal", "0", "--stopped", "0", "--resumed", "0")).isEqualTo(2);
        assertThat(errText().lines().count()).isEqualTo(1);
    }

    @Test
    void aTakenMetricsPortGetsOneLineAndLeavesNothing(@TempDir Path dir) throws Exception {
        System.setProperty(RunFolder.PROPERTY, dir.resolve("run").toString());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run(
                            "--uri",
                            TestBroker.uri().toString(),
                            "--metrics-port",
                            Integer.toString(taken.getLocalPort())))
                    .isEqualTo(2);
        } finally {
            System.clearProperty(RunFolder.PROPERTY);
        }
        assertThat(errText().strip())
                .matches("pace: metrics port \\d+ is in use; choose another with --metrics-port .*");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void theMemoryAlarmModeRefusesABrokerItDidNotStart(@TempDir Path dir) {
        System.setProperty(RunFolder.PROPERTY, dir.resolve("run").toString());
        try {
            assertThat(run("--uri", TestBroker.uri().toString(), "--back-pressure", "memory-alarm"))
                    .isEqualTo(2);
        } finally {
            System.clearProperty(RunFolder.PROPERTY);
        }
        assertThat(errText().strip())
                .startsWith("pace: --back-pressure memory-alarm lowers the broker's memory watermark");
        assertThat(errText().lines().count()).isEqualTo(1);
        assertThat(dir.resolve("run")).as("a refused run leaves no folder").doesNotExist();
    }
}
