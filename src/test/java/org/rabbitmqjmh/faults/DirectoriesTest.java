package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.assertj.core.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory the run must write to cannot be made: the results root or TMPDIR (where the private node
 * and the URI file go). A regular file stands in the way, which stops root as well as anyone (these
 * tests run as root on CI, where permission bits stop nothing). One line names the directory and the
 * reason, the exit status is 1, and no broker process outlives the run. Where the tests do not run as
 * root, a directory without write permission is tried too.
 */
@Tag("faults")
class DirectoriesTest {

    static final List<String> TRIAL =
            List.of("InMemoryPublishBenchmark", "-f", "1", "-wi", "0", "-i", "1", "-r", "200ms");

    @TempDir
    Path tmp;

    @Test
    void aResultsRootThatCannotBeMadeIsNamedWithItsReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "in the way");
        Path results = file.resolve("results");
        Path nodeTmp = Files.createDirectory(tmp.resolve("tmp"));
        try (LauncherRun run = LauncherRun.start(List.of(), TRIAL, results, nodeTmp)) {
            int exit = run.exit(60);
            String err = run.stderr();
            assertThat(exit).as(err).isEqualTo(1);
            assertThat(run.reportLines().get(run.reportLines().size() - 1))
                    .as(err)
                    .startsWith("error: cannot create the run folder under " + results)
                    .contains(file.toString());
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void anUnwritableResultsRootIsNamedAsSuch() throws Exception {
        Assumptions.assumeThat(System.getProperty("user.name"))
                .as("permission bits stop everyone but root")
                .isNotEqualTo("root");
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Path nodeTmp = Files.createDirectory(tmp.resolve("tmp"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        try (LauncherRun run = LauncherRun.start(List.of(), TRIAL, locked.resolve("results"), nodeTmp)) {
            int exit = run.exit(60);
            assertThat(exit).as(run.stderr()).isEqualTo(1);
            assertThat(run.reportLines().get(run.reportLines().size() - 1))
                    .startsWith("error: cannot create the run folder")
                    .contains("permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aTmpdirThatCannotHoldTheNodeIsNamedWithItsReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "in the way");
        Path results = Files.createDirectory(tmp.resolve("results"));
        try (LauncherRun run = LauncherRun.start(List.of("-Drabbitmq.broker=local"), TRIAL, results, file)) {
            int exit = run.exit(60);
            String err = run.stderr();
            assertThat(exit).as(err).isEqualTo(1);
            assertThat(run.reportLines().get(run.reportLines().size() - 1))
                    .as(err)
                    .startsWith("error: cannot prepare the private node's directory " + file);
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(LauncherRun.survivorsMentioning(file.toString())).isEmpty();
        }
        try (var left = Files.list(results)) {
            assertThat(left).as("an empty run folder").isEmpty();
        }
    }
}
