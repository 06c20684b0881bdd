package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.SyntheticRun.Entry;
import org.rabbitmqjmh.results.compare.RatioBootstrap;

class RoundMergeTest {

    private static final String PUBLISH = "org.rabbitmqjmh.benchmarks.publish.PublishOneBenchmark.publish";

    @TempDir
    Path dir;

    @Test
    void roundsBecomeForksInRoundOrderAndTheScoreIsTheirGrandMean() throws Exception {
        Entry a = Entry.throughput(PUBLISH).shape(1, 3).params(Map.of("messageSize", "16"));
        Entry b = a.params(Map.of("messageSize", "1024")).mean(500);
        Path round1 = SyntheticRun.write(dir.resolve("r1.json"), 1, List.of(a, b));
        Path round2 = SyntheticRun.write(dir.resolve("r2.json"), 2, List.of(a.mean(20_000), b));
        Path merged = dir.resolve("merged.json");
        RoundMerge.write(List.of(round1, round2), merged);

        List<JmhResult> one = JmhJson.read(round1);
        List<JmhResult> two = JmhJson.read(round2);
        List<JmhResult> all = JmhJson.read(merged);
        assertThat(all).hasSize(2);
        for (int e = 0; e < 2; e++) {
            JmhResult m = all.get(e);
            assertThat(m.key()).isEqualTo(one.get(e).key());
            assertThat(m.forks()).isEqualTo(2);
            assertThat(m.samples()[0]).containsExactly(one.get(e).samples()[0]);
            assertThat(m.samples()[1]).containsExactly(two.get(e).samples()[0]);
            assertThat(m.score()).isCloseTo(RatioBootstrap.mean(m.samples()), Offset.offset(1e-9));
            // JMH's 99.9% error is for forks of one invocation; the merged file says it has none.
            assertThat(m.scoreError()).isNaN();
        }
        assertThat(all.get(0).score()).isBetween(14_000.0, 16_000.0);
    }

    @Test
    void theCommandMergesRunFoldersOrFilesAndRefusesTooFewRoundsInOneLine() throws Exception {
        Entry a = Entry.throughput(PUBLISH).shape(1, 3).params(Map.of("messageSize", "16"));
        Files.createDirectories(dir.resolve("run1"));
        SyntheticRun.write(dir.resolve("run1").resolve("jmh-result.json"), 1, List.of(a));
        Path round2 = SyntheticRun.write(dir.resolve("r2.json"), 2, List.of(a.mean(2_000)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(RoundMerge.run(
                        new String[] {
                            dir.resolve("m.json").toString(),
                            dir.resolve("run1").toString(),
                            round2.toString()
                        },
                        System.out,
                        errs))
                .isZero();
        assertThat(JmhJson.read(dir.resolve("m.json")).get(0).forks()).isEqualTo(2);

        assertThat(RoundMerge.run(new String[] {dir.resolve("m.json").toString(), round2.toString()}, System.out, errs))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("round-merge: fewer than two rounds");
    }
}
