package org.rabbitmqjmh.programs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.host.RunFolder;

class ExperimentTest {

    @Test
    void oneCommandRunsProducerAndConsumerTogetherAndJoinsTheirCsvs(@TempDir Path run) throws Exception {
        System.setProperty(RunFolder.PROPERTY, run.toString());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Experiment.run(
                    new String[] {
                        "--producers",
                        "2",
                        "--consumers",
                        "2",
                        "--count",
                        "1500",
                        "--uri",
                        TestBroker.uri().toString()
                    },
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            String summary = Files.readString(run.resolve("experiment").resolve("summary.md"));
            assertThat(summary)
                    .contains("ids sent 3000, received 3000, sent but not received 0")
                    .contains("| sent to received |")
                    .contains("| sent to acked |");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(summary);
            assertThat(Files.readAllLines(run.resolve("experiment").resolve("consumer.csv")))
                    .hasSize(3001);
        } finally {
            System.clearProperty(RunFolder.PROPERTY);
        }
    }
}
