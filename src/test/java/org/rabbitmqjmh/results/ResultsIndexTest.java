package org.rabbitmqjmh.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * results/README.md's index against the folders: every committed folder is listed, and the commits and
 * RabbitMQ versions it names are what the folder's own environment files say, so the index cannot drift
 * when runs are redone.
 */
class ResultsIndexTest {

    private static final Path RESULTS = Path.of("results");
    /** A user's own run folder (git-ignored until kept): not part of the committed results. */
    private static final Pattern RUN_FOLDER = Pattern.compile("\\d{8}T\\d{6}Z-.*");

    private static final Pattern FOLDER = Pattern.compile("`([^`]+)/`");
    private static final Pattern HEAD_IMAGE = Pattern.compile("rabbitmq\\\\?:([0-9][0-9.]*)");

    @Test
    void everyFolderIsListedWithTheCommitsAndBrokersItsFilesGive() throws IOException {
        List<String> listed = new ArrayList<>();
        List<String> lines = Files.readAllLines(RESULTS.resolve("README.md"), StandardCharsets.UTF_8);
        int header = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("| group |"))
                .findFirst()
                .orElseThrow());
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("| ")) {
                break; // the index's end
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            assertThat(cells).as(line).hasSize(6);
            Set<String> commits = new TreeSet<>();
            Set<String> brokers = new TreeSet<>();
            Matcher m = FOLDER.matcher(cells[1]);
            while (m.find()) {
                listed.add(m.group(1));
                scan(RESULTS.resolve(m.group(1)), commits, brokers);
            }
            assertThat(cells[4].strip()).as("commits of " + cells[1]).isEqualTo(cell(commits));
            assertThat(cells[5].strip()).as("RabbitMQ of " + cells[1]).isEqualTo(cell(brokers));
        }
        List<String> folders;
        try (Stream<Path> s = Files.list(RESULTS)) {
            folders = s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !RUN_FOLDER.matcher(n).matches())
                    .sorted()
                    .toList();
        }
        assertThat(listed).as("folders in the index").containsExactlyInAnyOrderElementsOf(folders);
    }

    private static String cell(Set<String> values) {
        return values.isEmpty() ? "-" : String.join(" ", values);
    }

    private static void scan(Path folder, Set<String> commits, Set<String> brokers) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(p -> p.toString().endsWith(".properties")).toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("git.sha=")) {
                    commits.add(line.substring("git.sha=".length()).strip());
                } else if (line.startsWith("broker.version=")) {
                    brokers.add(line.substring("broker.version=".length()).strip());
                }
                Matcher m = HEAD_IMAGE.matcher(line);
                while (m.find()) {
                    brokers.add(m.group(1));
                }
            }
        }
    }
}
