package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rabbitmqjmh.results.SyntheticRun.Entry;

class JmhJsonTest {

    @TempDir
    Path dir;

    @Test
    void aRunFolderIsReadThroughItsJmhResultFile() throws Exception {
        Entry entry = Entry.throughput("a.B.c").params(Map.of("size", "16")).shape(2, 3);
        SyntheticRun.writeRunFolder(dir.resolve("run"), 1, List.of(entry));

        List<JmhResult> results = JmhJson.read(dir.resolve("run"));

        assertThat(results).hasSize(1);
        JmhResult r = results.get(0);
        assertThat(r.key().label()).isEqualTo("B.c thrpt size=16");
        assertThat(r.unit()).isEqualTo("ops/s");
        assertThat(r.samples()).hasNumberOfRows(2);
        assertThat(r.samples()[1]).hasSize(3);
        double mean = Arrays.stream(r.samples())
                .flatMapToDouble(Arrays::stream)
                .average()
                .orElseThrow();
        assertThat(r.score()).isCloseTo(mean, within(1e-6));
        assertThat(r.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
    }

    @Test
    void sampleModeIterationsAreTheMeansOfTheirHistograms() throws Exception {
        Path file = write("sample.json", """
        [ { "benchmark" : "a.B.c", "mode" : "sample", "threads" : 1, "forks" : 1,
            "primaryMetric" : { "score" : 2.5, "scoreError" : "NaN", "scoreUnit" : "us/op",
              "rawDataHistogram" : [ [ [ [1.0, 3], [5.0, 1] ], [ [2.0, 2] ] ] ] },
            "secondaryMetrics" : { } } ]
        """);

        JmhResult r = JmhJson.read(file).get(0);

        assertThat(r.key().params()).isEmpty();
        assertThat(r.scoreError()).isNaN();
        assertThat(r.samples()[0]).containsExactly(2.0, 2.0);
        assertThat(r.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void aParamAddedLaterWithItsOldBehaviourLeavesTheKeyAsBefore() throws Exception {
        Path before = SyntheticRun.write(
                dir.resolve("before.json"),
                1,
                List.of(Entry.throughput("a.PublishBenchmark.publish").params(Map.of("size", "16"))));
        Path after = SyntheticRun.write(
                dir.resolve("after.json"),
                1,
                List.of(
                        Entry.throughput("a.PublishBenchmark.publish")
                                .params(Map.of("size", "16", "clientNodes", "first")),
                        Entry.throughput("a.PublishBenchmark.other")
                                .params(Map.of("size", "16", "clientNodes", "spread"))));

        List<JmhResult> now = JmhJson.read(after);

        assertThat(now.get(0).key()).isEqualTo(JmhJson.read(before).get(0).key());
        assertThat(now.get(1).key().params()).containsEntry("clientNodes", "spread");
    }

    @Test
    void aFolderWithoutResultsIsRejectedByName() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> JmhJson.read(dir.resolve("empty")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("without jmh-result.json");
    }

    @Test
    void twoResultsForOneKeyAreRejected() throws Exception {
        Entry entry = Entry.throughput("a.B.c");
        Path file = SyntheticRun.write(dir.resolve("twice.json"), 1, List.of(entry, entry));
        assertThatThrownBy(() -> JmhJson.read(file)).hasMessageContaining("two results for B.c thrpt");
    }

    @Test
    void jsonOfAnotherShapeIsNotJmh() throws Exception {
        Path file = write("other.json", "[ { \"name\" : \"x\", \"value\" : 1 } ]");
        assertThatThrownBy(() -> JmhJson.read(file))
                .hasMessageContaining("is not JMH JSON: entry 1 has no \"benchmark\" text");
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        Path file = write("empty.json", "");
        assertThatThrownBy(() -> JmhJson.read(file)).hasMessageContaining("is empty");
    }

    @Test
    void textAfterTheJsonIsRejected() throws Exception {
        Path file = write("trailing.json", "[] and more");
        assertThatThrownBy(() -> JmhJson.read(file))
                .hasMessageContaining("is not valid JSON (at line 1 column")
                .hasMessageNotContaining("\n");
    }

    @Test
    void brokenJsonNamesTheSpot() throws Exception {
        Path file = write("broken.json", "[ { \"benchmark\" : ");
        assertThatThrownBy(() -> JmhJson.read(file))
                .hasMessageContaining("is not valid JSON")
                .hasMessageNotContaining("\n");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
