package org.rabbitmqjmh.results.compare;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.BenchmarkKey;

/**
 * How much each row moves between runs of the same code on one machine, in percent: the largest change
 * {@link Calibration} saw between any two such runs. Forks of one run share a broker and a stretch of
 * the machine's time, so the bootstrap interval cannot see this run-to-run drift; a row's change must
 * exceed its floor (and the threshold) before compare calls it slower or faster.
 *
 * <p>Stored as a properties file: the row's label (benchmark, mode, params) = percent.
 */
public final class NoiseFloors {

    public static final NoiseFloors NONE = new NoiseFloors(Map.of());

    private final Map<String, Double> percentByRow;

    public NoiseFloors(Map<String, Double> percentByRow) {
        this.percentByRow = Map.copyOf(percentByRow);
    }

    /** The row's floor in percent, 0 for a row the calibration did not see. */
    public double percent(BenchmarkKey key) {
        return percentByRow.getOrDefault(key.label(), 0.0);
    }

    public Map<String, Double> asMap() {
        return new TreeMap<>(percentByRow);
    }

    public static NoiseFloors read(Path file) throws BadInputException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("cannot read the noise floors " + file + ": " + e.getMessage()
                    + " (write them with calibration --write-noise)");
        }
        Map<String, Double> m = new TreeMap<>();
        for (String row : p.stringPropertyNames()) {
            try {
                double v = Double.parseDouble(p.getProperty(row));
                if (v < 0 || !Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                m.put(row, v);
            } catch (NumberFormatException e) {
                throw new BadInputException("noise floor file " + file + ": '" + p.getProperty(row) + "' for " + row
                        + " is not a percentage of 0 or more");
            }
        }
        return new NoiseFloors(m);
    }

    public void write(Path file, String comment) throws IOException {
        Properties p = new Properties() {
            @Override
            public synchronized Set<Map.Entry<Object, Object>> entrySet() {
                // sorted, so the file diffs cleanly between calibrations
                Set<Map.Entry<Object, Object>> sorted =
                        new TreeSet<>(Comparator.comparing(e -> e.getKey().toString()));
                sorted.addAll(super.entrySet());
                return sorted;
            }
        };
        percentByRow.forEach((k, v) -> p.setProperty(k, String.format(Locale.ROOT, "%.1f", v)));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, comment);
        }
    }
}
