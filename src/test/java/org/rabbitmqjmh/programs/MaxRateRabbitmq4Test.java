package org.rabbitmqjmh.programs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.host.RunFolder;

/** The highest sustainable rate, searched for on the 4.0.5 container with short windows. */
class MaxRateRabbitmq4Test {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void runFolder() {
        System.setProperty(RunFolder.PROPERTY, dir.resolve("run").toString());
    }

    @AfterEach
    void noRunFolder() {
        System.clearProperty(RunFolder.PROPERTY);
    }

    private int maxRate(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--uri";
        all[1] = TestBroker.uri().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return MaxRate.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void looseBoundsPassUpToTheMaximumAndEveryPassMetItsBounds() throws Exception {
        int exit = maxRate(
                "--min",
                "200",
                "--max",
                "400",
                "--window",
                "2",
                "--warmup",
                "1",
                "--size",
                "16",
                "--queue-type",
                "classic,quorum",
                "--confirm-p99-us",
                "2000000",
                "--e2e-p99-us",
                "2000000");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // One search per setting, each passing up to the maximum.
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("\\| classic-16B \\| 400 \\|")
                .containsPattern("\\| quorum-16B \\| 400 \\|");
        for (String setting : List.of("classic-16B", "quorum-16B")) {
            List<String> steps = Files.readAllLines(
                    dir.resolve("run").resolve("max-rate").resolve(setting).resolve("steps.csv"));
            assertThat(steps).as(setting).hasSize(3); // header, 200, 400
            for (String line : steps.subList(1, 3)) {
                String[] f = line.split(",");
                assertThat(f[6]).isEqualTo("pass");
                assertThat(Double.parseDouble(f[1])).isGreaterThan(Double.parseDouble(f[0]) * 0.95);
                assertThat(Double.parseDouble(f[4]))
                        .isLessThanOrEqualTo(2_000_000)
                        .isGreaterThan(0);
                assertThat(Double.parseDouble(f[5]))
                        .isLessThanOrEqualTo(2_000_000)
                        .isGreaterThan(0);
            }
        }
    }

    @Test
    void aBoundNothingMeetsIsNoSustainableRateWithTheReason() throws Exception {
        int exit = maxRate(
                "--min",
                "200",
                "--max",
                "400",
                "--window",
                "1",
                "--warmup",
                "0",
                "--size",
                "16",
                "--e2e-p99-us",
                "1",
                "--confirm-p99-us",
                "2000000");

        assertThat(exit).isZero();
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary).containsPattern("\\| classic-16B \\| none \\| - \\| - \\| 200 \\| end-to-end p99 ");
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        assertThat(maxRate("--min", "500", "--max", "100")).isEqualTo(2);
        assertThat(maxRate("--window", "0")).isEqualTo(2);
        assertThat(maxRate("--queue-type", "classic,stream")).isEqualTo(2);
        assertThat(maxRate("--size", "16,8")).isEqualTo(2);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("--max 100 is below --min 500");
        assertThat(lines.get(1)).contains("--window 0 is out of range");
        assertThat(lines.get(2)).contains("--queue-type 'stream' is not allowed; allowed: classic, quorum");
        assertThat(lines.get(3)).contains("--size 8 is out of range");
    }
}
