package org.rabbitmqjmh.perftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PerfTestOutputTest {

    /** PerfTest 2.22.1 with -c 100 for 6 s, as it printed it. */
    private static String sample() throws IOException {
        try (InputStream in = PerfTestOutputTest.class.getResourceAsStream("/perftest/async-window-100.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyPerSecondLineIsReadWithItsRatesAndConfirmMedian() throws IOException {
        PerfTestOutput out = PerfTestOutput.parse(sample());

        assertThat(out.seconds()).extracting(PerfTestOutput.Second::second).containsExactly(1, 2, 3, 4, 5, 6);
        PerfTestOutput.Second first = out.seconds().get(0);
        assertThat(first.rates())
                .containsEntry("sent", 18778.0)
                .containsEntry("confirmed", 18678.0)
                .containsEntry("received", 18572.0)
                .containsEntry("nacked", 0.0);
        assertThat(first.confirmP50()).isEqualTo(2438.0);
    }

    @Test
    void theWarmupSecondsAreDroppedAndTheMeasuredOnesAveraged() throws IOException {
        PerfTestOutput.Measured m = PerfTestOutput.parse(sample()).measured("confirmed", 2, 4);

        // seconds 3 to 6; the summary's "sending rate avg: 29421" counts the slow first seconds too
        assertThat(m.rate()).isEqualTo((30668 + 30175 + 34214 + 32937) / 4.0);
        assertThat(m.confirmP50()).isEqualTo((2321 + 2627) / 2.0);
        assertThat(m.secondsPrinted()).isEqualTo(4);
    }

    @Test
    void secondsAfterTheMeasuredOnesAreLeftOut() throws IOException {
        PerfTestOutput.Measured m = PerfTestOutput.parse(sample()).measured("received", 2, 3);

        assertThat(m.rate()).isCloseTo((30677 + 30196 + 34206) / 3.0, within(1e-9));
    }

    @Test
    void aMeasuredSecondWithoutALineCountsAsNoMessages() throws IOException {
        String withoutSecond4 =
                sample().lines().filter(l -> !l.contains("time 4.002 s")).collect(Collectors.joining("\n"));

        PerfTestOutput.Measured m = PerfTestOutput.parse(withoutSecond4).measured("received", 2, 4);

        assertThat(m.rate()).isEqualTo((30677 + 34206 + 32936) / 4.0);
        assertThat(m.secondsPrinted()).isEqualTo(3);
    }

    @Test
    void withoutConfirmsThereIsNoConfirmMedian() {
        String line = "id: test-1, time 11.001 s, sent: 41000 msg/s, received: 40990 msg/s, "
                + "min/median/75th/95th/99th consumer latency: 546/3843/5991/9210/13566 µs";

        PerfTestOutput.Measured m = PerfTestOutput.parse(line).measured("sent", 10, 1);

        assertThat(m.rate()).isEqualTo(41000.0);
        assertThat(m.confirmP50()).isNaN();
    }

    @Test
    void aDecimalCommaFromAnotherLocaleIsRead() {
        PerfTestOutput out = PerfTestOutput.parse("id: t, time 3,001 s, sent: 5,5 msg/s, received: 0 msg/s");

        assertThat(out.seconds().get(0).second()).isEqualTo(3);
        assertThat(out.seconds().get(0).rates()).containsEntry("sent", 5.5).containsEntry("received", 0.0);
    }

    @Test
    void noLineInTheMeasuredSecondsIsAnErrorNamingThem() throws IOException {
        assertThatThrownBy(() -> PerfTestOutput.parse(sample()).measured("confirmed", 10, 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seconds 11 to 15");
    }
}
