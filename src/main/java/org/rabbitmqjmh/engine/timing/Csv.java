package org.rabbitmqjmh.engine.timing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * The one CSV format: {@code id,<first>_us,<second>_us}, times in epoch microseconds, an empty cell for
 * a time that did not happen (no confirm in at-most-once mode). Written after the timed work only.
 */
public final class Csv {

    private Csv() {}

    /** The header line, newline included. */
    public static String header(String firstColumn, String secondColumn) {
        return "id," + firstColumn + "," + secondColumn + "\n";
    }

    public static void write(
            Writer out, TimingRecorder.Rows rows, String firstColumn, String secondColumn, boolean header)
            throws IOException {
        BufferedWriter w = out instanceof BufferedWriter b ? b : new BufferedWriter(out, 1 << 16);
        if (header) {
            w.write(header(firstColumn, secondColumn));
        }
        StringBuilder line = new StringBuilder(64);
        for (int i = 0; i < rows.size(); i++) {
            line.setLength(0);
            line.append(rows.ids()[i])
                    .append(',')
                    .append(Clock.epochMicros(rows.firsts()[i]))
                    .append(',');
            if (rows.seconds()[i] != 0) {
                line.append(Clock.epochMicros(rows.seconds()[i]));
            }
            line.append('\n');
            w.append(line);
        }
        w.flush();
    }
}
