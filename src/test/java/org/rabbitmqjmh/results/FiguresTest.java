package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every generated section of README.md, docs/ and results/ is what its command makes of the committed data. */
class FiguresTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int figures(String... args) {
        out.reset();
        err.reset();
        return Figures.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyCommittedGeneratedSectionMatchesItsData() {
        int status = figures("--check");
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("generated sections match their data");
    }

    @Test
    void aSectionThatDriftedFromItsDataIsNamedAndRewritten(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("doc.md");
        String section = "<!-- figures: java -cp target/benchmarks.jar org.rabbitmqjmh.results.CostTable -->\n"
                + "| metric | typed by hand |\n<!-- /figures -->\n";
        Files.writeString(doc, "# A page\n\n" + section);
        assertThat(figures("--check", doc.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(doc + ":3:", "CostTable");
        assertThat(figures(doc.toString())).isZero();
        assertThat(Files.readString(doc)).contains("`cost.client.alloc`").doesNotContain("typed by hand");
        assertThat(figures("--check", doc.toString())).isZero();
    }

    @Test
    void aCommandThatIsNotTheSuitesOrFailsIsOneLineNamingItsPlace(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("doc.md");
        Files.writeString(
                doc, "<!-- figures: java -cp target/benchmarks.jar java.lang.Runtime exec -->\n<!-- /figures -->\n");
        assertThat(figures("--check", doc.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(doc + ":1:", "the suite's own programs");
        Files.writeString(
                doc,
                "<!-- figures: java -cp target/benchmarks.jar org.rabbitmqjmh.results.compare.Compare "
                        + "nope.json nope2.json -->\n<!-- /figures -->\n");
        assertThat(figures("--check", doc.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exited 2", "no such file or folder");
    }

    @Test
    void aCommandsArgumentsSplitAsAShellSplitsThemQuotesKeepingSpaces() {
        assertThat(Figures.words("RUN --ratio \"source async (s)=callback\"  --cell runs"))
                .containsExactly("RUN", "--ratio", "source async (s)=callback", "--cell", "runs");
        assertThat(Figures.words("")).isEmpty();
    }
}
