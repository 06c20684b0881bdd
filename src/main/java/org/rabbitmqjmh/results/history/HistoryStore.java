package org.rabbitmqjmh.results.history;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rabbitmqjmh.results.BadInputException;
import org.rabbitmqjmh.results.JmhJson;
import org.rabbitmqjmh.results.JmhResult;

/**
 * A history folder: one sub-folder per machine ({@link Fingerprint#id()}), holding {@code machine.json}
 * and one {@code NNNNN-POINT.json} per run ({@link HistoryRecord}). Files are only ever added, so a git
 * branch (the workflow's {@code benchmark-history}) takes each run as one new file and two pushes never
 * conflict on an edit.
 */
public final class HistoryStore {

    static final String MACHINE_FILE = "machine.json";
    private static final Pattern RECORD_FILE = Pattern.compile("(\\d{5})-[A-Za-z0-9._-]+\\.json");
    private static final Pattern RUN_FOLDER_TIME = Pattern.compile("^(\\d{8}T\\d{6}Z)");
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path folder;

    public HistoryStore(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** The machines this history holds, by id. */
    public Map<String, Fingerprint> machines() throws BadInputException {
        Map<String, Fingerprint> machines = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return machines;
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(MACHINE_FILE)))
                    .sorted()
                    .toList()) {
                machines.put(dir.getFileName().toString(), readMachine(dir.resolve(MACHINE_FILE)));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read the history folder " + folder + ": " + e.getMessage());
        }
        return machines;
    }

    /**
     * The one machine a command is about: the one named, or the only one the history holds. Two machines
     * and none named is refused, as is a name the history does not hold: records of two machines are
     * never read as one series.
     */
    public String machine(String named) throws BadInputException {
        Map<String, Fingerprint> machines = machines();
        if (machines.isEmpty()) {
            throw new BadInputException(
                    "the history " + folder + " holds no records yet; add a run with: history add RUN");
        }
        if (named != null) {
            if (!machines.containsKey(named)) {
                throw new BadInputException("the history " + folder + " holds no machine " + named + "; it holds: "
                        + String.join(", ", machines.keySet()));
            }
            return named;
        }
        if (machines.size() > 1) {
            List<String> listed = new ArrayList<>();
            machines.forEach((id, fp) -> listed.add(id + " (" + fp.describe() + ")"));
            throw new BadInputException("the history " + folder + " holds " + machines.size()
                    + " machines, whose numbers are never mixed; name one with --machine: "
                    + String.join("; ", listed));
        }
        return machines.keySet().iterator().next();
    }

    /** A machine's records, in their order. */
    public List<HistoryRecord> records(String machineId) throws BadInputException {
        Path dir = folder.resolve(machineId);
        List<HistoryRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(
                            f -> RECORD_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList()) {
                records.add(readRecord(file));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + e.getMessage());
        }
        records.sort(Comparator.comparingInt(HistoryRecord::seq));
        return records;
    }

    /**
     * Appends a run folder's results as the machine's next record.
     *
     * @param expectedMachine when not null, the id the run's machine must have (CI names its runner's)
     * @param point the x-axis label; null: the run's commit
     * @param commit null: the run folder's {@code git.sha}
     */
    public Added add(Path run, String point, String commit, String expectedMachine) throws BadInputException {
        if (Files.isDirectory(run.resolve("base")) && Files.isDirectory(run.resolve("head"))) {
            throw new BadInputException(run + " is an interleaved comparison (base/ and head/); a history takes one"
                    + " run of one build: add a run made without --against");
        }
        Properties env = environment(run);
        if (env.getProperty("interleaved.base") != null) {
            throw new BadInputException(run + " is an interleaved comparison; a history takes one run of one build:"
                    + " add a run made without --against");
        }
        List<JmhResult> results = JmhJson.read(run);
        Fingerprint fingerprint = Fingerprint.of(env);
        String id = fingerprint.id();
        Path envFile = run.resolve("environment.properties");
        if (expectedMachine != null && !expectedMachine.equals(id)) {
            throw otherMachine(run, id, fingerprint, expectedMachine);
        }
        List<HistoryRecord.Row> rows = scoredRows(run, results);
        Path dir = folder.resolve(id);
        String runName = run.toAbsolutePath().normalize().getFileName().toString();
        List<HistoryRecord> existing = Files.isDirectory(dir) ? records(id) : List.of();
        requireNotAdded(run, runName, existing);
        String sha = commit != null ? commit : env.getProperty("git.sha", "unknown");
        String label = point != null ? point : sha;
        if (!label.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new BadInputException(
                    "point label '" + label + "' is not allowed; allowed: 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        int seq = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).seq() + 1;
        HistoryRecord record = new HistoryRecord(
                HistoryRecord.FORMAT,
                seq,
                label,
                sha,
                started(runName, envFile),
                env.getProperty("amqp-client.version", "unknown"),
                runName,
                fingerprint.fields(),
                rows);
        try {
            Files.createDirectories(dir);
            Path machineFile = dir.resolve(MACHINE_FILE);
            if (!Files.exists(machineFile)) {
                Files.writeString(machineFile, GSON.toJson(fingerprint.fields()) + "\n", StandardCharsets.UTF_8);
            }
            Path file = dir.resolve(String.format("%05d-%s.json", seq, label));
            Files.writeString(file, GSON.toJson(record) + "\n", StandardCharsets.UTF_8);
            return new Added(id, record, file, !existing.isEmpty());
        } catch (IOException e) {
            throw new BadInputException("cannot write to the history " + dir + ": " + e.getMessage());
        }
    }

    /** The refusal of a run made on another machine than the one expected, naming how the two differ if known. */
    private BadInputException otherMachine(Path run, String id, Fingerprint fingerprint, String expectedMachine)
            throws BadInputException {
        String known = "";
        Fingerprint other = machines().get(expectedMachine);
        if (other != null) {
            known = " (" + other.differences(fingerprint) + ")";
        }
        return new BadInputException(run + " ran on machine " + id + ", not " + expectedMachine + known
                + "; records of another machine are never mixed into a history");
    }

    /** The run's results that have a score: a history has nothing to draw of the others. */
    private static List<HistoryRecord.Row> scoredRows(Path run, List<JmhResult> results) throws BadInputException {
        List<HistoryRecord.Row> rows = new ArrayList<>();
        for (JmhResult r : results) {
            if (Double.isFinite(r.score())) {
                rows.add(HistoryRecord.Row.of(r));
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException(run + " holds no result with a score; nothing to add");
        }
        return rows;
    }

    private static void requireNotAdded(Path run, String runName, List<HistoryRecord> existing)
            throws BadInputException {
        for (HistoryRecord r : existing) {
            if (r.run().equals(runName)) {
                throw new BadInputException(run + " is already in the history as record " + r.seq() + " (" + r.point()
                        + "); a run is added once");
            }
        }
    }

    /** The machine a run folder was made on, from its {@code environment.properties}. */
    public Fingerprint fingerprintOf(Path run) throws BadInputException {
        return Fingerprint.of(environment(run));
    }

    private static Properties environment(Path run) throws BadInputException {
        Path envFile = run.resolve("environment.properties");
        if (!Files.isRegularFile(envFile)) {
            throw new BadInputException(run + " has no environment.properties, so the machine it ran on is unknown"
                    + " and a history never mixes machines; expected a run folder written by benchmarks.jar");
        }
        Properties env = new Properties();
        try (Reader in = Files.newBufferedReader(envFile, StandardCharsets.UTF_8)) {
            env.load(in);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw new BadInputException(envFile + " is not a properties file ("
                    + e.getClass().getSimpleName() + "); expected an environment file written by benchmarks.jar");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + envFile + ": " + e.getMessage());
        }
        // A machine is named by these; a file without them (empty, binary, hand-made) would file the run
        // under a machine of "unknown"s, where any other such run would join it.
        List<String> missing = Stream.of("cpu.model", "cores", "memory.total.bytes", "os", "jdk")
                .filter(k -> env.getProperty(k) == null || env.getProperty(k).isBlank())
                .toList();
        if (!missing.isEmpty()) {
            throw new BadInputException(
                    envFile + " does not say " + String.join(", ", missing) + " of the machine the run"
                            + " was made on; expected an environment file written by benchmarks.jar");
        }
        return env;
    }

    /** What {@link #add} wrote; {@code joined} false when the run started a new machine's history. */
    public record Added(String machine, HistoryRecord record, Path file, boolean joined) {}

    private static String started(String runName, Path envFile) {
        Matcher m = RUN_FOLDER_TIME.matcher(runName);
        if (m.find()) {
            try {
                return LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                        .toInstant(ZoneOffset.UTC)
                        .toString();
            } catch (DateTimeParseException e) {
                // fall through to the file's time
            }
        }
        try {
            return Files.getLastModifiedTime(envFile).toInstant().toString();
        } catch (IOException e) {
            return Instant.now().toString();
        }
    }

    private static Fingerprint readMachine(Path file) throws BadInputException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = GSON.fromJson(in, Map.class);
            if (fields == null) {
                throw new BadInputException(file + " is empty; expected the machine's fingerprint as JSON");
            }
            return Fingerprint.of(fields);
        } catch (IOException | JsonParseException | ClassCastException e) {
            throw new BadInputException(file + " is not a machine fingerprint: " + e.getMessage());
        }
    }

    private static HistoryRecord readRecord(Path file) throws BadInputException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            HistoryRecord r = GSON.fromJson(in, HistoryRecord.class);
            if (r == null || r.rows() == null || r.point() == null || r.format() != HistoryRecord.FORMAT) {
                throw new BadInputException(file + " is not a history record of format " + HistoryRecord.FORMAT);
            }
            return r;
        } catch (IOException | JsonParseException e) {
            throw new BadInputException(file + " is not a history record: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
