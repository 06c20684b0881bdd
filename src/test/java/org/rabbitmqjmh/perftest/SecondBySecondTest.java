package org.rabbitmqjmh.perftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SecondBySecond} on the committed side-by-side run, against its raw files as read by hand. */
class SecondBySecondTest {

    @Test
    void roundFourOfTheWindowFromTheCommittedRawFiles() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                SecondBySecond.run(
                        new String[] {"results/perftest", "async-window-100", "4"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream())));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        // PerfTest's first line ("time 1.003 s ... confirmed: 8559 msg/s"), its second 11 and its second 25.
        assertEquals("| 4 | PerfTest | 8,559 | 31,960 | 25,881 | 34,714 | 26,097 |", lines.get(2));
        assertTrue(lines.get(3).startsWith("| 4 | rabbitmq-jmh | - | 17,646 | 11,983 | 20,130 |"), lines.get(3));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream outs = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, SecondBySecond.run(new String[] {"results/perftest", "no-such", "1"}, outs, errs));
        assertEquals(2, SecondBySecond.run(new String[] {"results/perftest", "confirm-each", "x"}, outs, errs));
        assertEquals(2, SecondBySecond.run(new String[] {"results/perftest", "confirm-each", "9"}, outs, errs));
        assertEquals(3, err.toString(StandardCharsets.UTF_8).lines().count());
    }
}
