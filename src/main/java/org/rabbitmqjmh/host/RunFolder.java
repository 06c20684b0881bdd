package org.rabbitmqjmh.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * {@code results/<UTC timestamp>-<git short sha>/}: where one run writes its JMH JSON, CSVs and
 * environment file. Forks learn it through {@link #PROPERTY}.
 */
public final class RunFolder {

    public static final String PROPERTY = "rabbitmqjmh.run.dir";
    public static final String RESULTS_ROOT = "rabbitmqjmh.results";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private RunFolder() {}

    public static Path create() throws IOException {
        Path root = Path.of(System.getProperty(RESULTS_ROOT, "results"));
        String name = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + gitSha();
        Path dir = root.resolve(name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = root.resolve(name + "-" + i);
        }
        return Files.createDirectories(dir);
    }

    /** Removes a run folder nothing was written to (a run refused or failed before it wrote anything). */
    public static void removeIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // not ours to insist on: a folder that cannot be listed or removed stays
        }
    }

    /** The run folder of this JVM: the one the launcher named, else a folder of its own under results/. */
    public static Path current() {
        String named = System.getProperty(PROPERTY);
        if (named != null) {
            return Path.of(named);
        }
        synchronized (RunFolder.class) {
            String again = System.getProperty(PROPERTY);
            if (again != null) {
                return Path.of(again);
            }
            try {
                Path dir = create();
                System.setProperty(PROPERTY, dir.toString());
                return dir;
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a run folder under results/: " + e.getMessage(), e);
            }
        }
    }

    static String gitSha() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "nogit";
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{4,40}") ? out : "nogit";
        } catch (IOException e) {
            return "nogit";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "nogit";
        }
    }
}
