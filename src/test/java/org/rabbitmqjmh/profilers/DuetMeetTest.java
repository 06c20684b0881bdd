package org.rabbitmqjmh.profilers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A duet's two sides meet before each iteration; a side left alone stops waiting instead of hanging. */
class DuetMeetTest {

    private static final String TRIAL = "org.x.PublishBenchmark.publish-Throughput-window-100";

    @TempDir
    Path round;

    @Test
    void theFirstSideWaitsUntilTheSecondArrivesAtTheSameIteration() throws Exception {
        DuetMeet base = new DuetMeet(round + ":base", Duration.ofSeconds(30), Duration.ofSeconds(30));
        DuetMeet head = new DuetMeet(round + ":head", Duration.ofSeconds(30), Duration.ofSeconds(30));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> base.meet(TRIAL));
        Thread.sleep(300);
        assertThat(waiting).isNotDone(); // the head has not reached iteration 1 yet
        assertThat(head.meet(TRIAL)).isTrue();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        // Iteration 2: the head is first this time, and a file of iteration 1 does not release it.
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> head.meet(TRIAL));
        Thread.sleep(300);
        assertThat(second).isNotDone();
        assertThat(base.meet(TRIAL)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(round.toFile().list()).hasSize(4);
    }

    @Test
    void aSideLeftAloneStopsWaitingForTheRestOfItsTrial() {
        DuetMeet base = new DuetMeet(round + ":base", Duration.ofMillis(200), Duration.ofMillis(200));
        long t0 = System.nanoTime();
        assertThat(base.meet(TRIAL)).isFalse();
        assertThat(base.meet(TRIAL)).isFalse(); // no second wait
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTrialIdBecomesOneFileNameTellingTrialsApart() {
        String a = DuetMeet.trialName("org.x.B.m-Throughput-size-16/x:y " + "p".repeat(200));
        String b = DuetMeet.trialName("org.x.B.m-Throughput-size-16/x:y " + "p".repeat(199) + "q");
        assertThat(a).matches("[A-Za-z0-9._=-]+").isNotEqualTo(b).hasSizeLessThan(120);
    }
}
