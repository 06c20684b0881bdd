package org.rabbitmqjmh.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.programs.Instructions.Count;
import org.rabbitmqjmh.programs.Instructions.CountedPath;

/**
 * The instruction count on real JVMs under valgrind: the same code counts the same instructions per
 * message, and more work per message counts more. Skipped, saying why, where valgrind is not installed.
 */
class InstructionsTest {

    private static final String CLASS_PATH = System.getProperty("java.class.path");
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void theCountRisesWithTheWorkPerMessage() throws Exception {
        assumeTrue(Instructions.valgrindInstalled(), "valgrind is not installed (apt-get install valgrind)");
        // The in-memory publish path: it has the slowdown's hook, where a publisher has it.
        Count a = Instructions.count(CLASS_PATH, List.of(), CountedPath.IN_MEMORY_PUBLISH, 16, 200_000, QUIET);
        // 50 xorshift rounds: 3 shifts, 3 xors and the loop's own 3 instructions each, about 460. What a run
        // adds besides varies by about a million instructions, 5 a message here at most: far inside the bounds.
        Count more = Instructions.count(
                CLASS_PATH,
                List.of("-Drabbitmqjmh.slowdown.work=50"),
                CountedPath.IN_MEMORY_PUBLISH,
                16,
                200_000,
                QUIET);
        String counts = a.perMessage() + " then, with the work, " + more.perMessage() + " instructions a message";
        assertThat(a.perMessage()).as(counts).isBetween(100.0, 5_000.0);
        assertThat(more.perMessage() - a.perMessage()).as(counts).isBetween(300.0, 600.0);
    }

    @Test
    void badInputEndsInOneLineAndExit2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Instructions.run(
                new String[] {"--path", "decode"}, QUIET, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("instructions: unknown --path 'decode'; allowed: encode, in-memory-publish");
        err.reset();
        assertThat(Instructions.run(
                        new String[] {"--messages", "10"}, QUIET, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("instructions: --messages 10 is out of range")
                .doesNotContain("\tat ");
        err.reset();
        assertThat(Instructions.run(
                        new String[] {"--gate", "0"}, QUIET, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("instructions: --gate 0.0 is out of range; allowed: more than 0, less than 100");
    }
}
