package org.rabbitmqjmh.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * The documents' figures, made from the committed data by the command each one names, so that they
 * cannot drift from it. A generated section of a Markdown file is
 *
 * <pre>
 * &lt;!-- figures: java -cp target/benchmarks.jar org.rabbitmqjmh.results.compare.Compare --markdown - A B --&gt;
 * ...what that command prints...
 * &lt;!-- /figures --&gt;
 * </pre>
 *
 * and the command is the suite's own program, run here in this JVM through its {@code run(String[],
 * PrintStream, PrintStream)} (every program of results/ and programs/ has one), with the repository's
 * root as the working folder. Exit statuses 0 and 1 both make a figure (compare's 1 is a verdict); 2 is
 * a broken command, named with its file and line.
 *
 * <p>{@code Figures [--check] [FILE|FOLDER...]} (default README.md, docs, results): rewrites each
 * section with what its command prints now, or with {@code --check} only says which differ (exit 1).
 * FiguresTest runs the check in {@code mvn verify}.
 */
public final class Figures {

    static final String COMMAND_PREFIX = "java -cp target/benchmarks.jar ";
    private static final Pattern SECTION = Pattern.compile(
            "<!-- figures: " + Pattern.quote(COMMAND_PREFIX) + "(\\S+)([^\\n]*?) -->\\n(.*?)<!-- /figures -->",
            Pattern.DOTALL);
    private static final List<String> DEFAULT_PLACES = List.of("README.md", "docs", "results");

    private Figures() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = "usage: Figures [--check] [FILE|FOLDER...]  (default README.md, docs, results; "
            + "--check: only say which sections differ, exit 1 if any)";
    private static final OptionParser PARSER = new OptionParser(false);
    private static final OptionSpec<Void> CHECK = PARSER.accepts("check");

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            OptionSet o = CommandLine.parse(PARSER, args, "--check", USAGE);
            boolean check = o.has(CHECK);
            List<String> places =
                    o.nonOptionArguments().stream().map(Object::toString).toList();
            List<String> stale = new ArrayList<>();
            int sections = 0;
            for (Path file : markdownFiles(places.isEmpty() ? DEFAULT_PLACES : places)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = SECTION.matcher(text);
                StringBuilder made = new StringBuilder();
                while (m.find()) {
                    sections++;
                    int line = (int) text.substring(0, m.start()).lines().count() + 1;
                    String figure = figure(m.group(1), m.group(2).trim(), file + ":" + line);
                    if (!figure.equals(m.group(3))) {
                        stale.add(file + ":" + line + ": " + COMMAND_PREFIX + m.group(1) + " "
                                + m.group(2).trim());
                    }
                    m.appendReplacement(
                            made,
                            Matcher.quoteReplacement(
                                    text.substring(m.start(), m.start(3)) + figure + "<!-- /figures -->"));
                }
                m.appendTail(made);
                if (!check && !made.toString().equals(text)) {
                    Files.writeString(file, made.toString(), StandardCharsets.UTF_8);
                }
            }
            if (check && !stale.isEmpty()) {
                err.println(stale.size() + " of " + sections + " generated sections differ from what their data gives "
                        + "(Figures rewrites them):");
                stale.forEach(err::println);
                return 1;
            }
            out.println(sections + " generated sections " + (check ? "match their data" : "made from their data")
                    + (check ? "" : "; " + stale.size() + " changed"));
            return 0;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static List<Path> markdownFiles(List<String> places) throws IOException, BadInputException {
        List<Path> files = new ArrayList<>();
        for (String place : places) {
            Path p = Path.of(place);
            if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
                }
            } else {
                throw new BadInputException("no such file or folder: " + place + " (run from the repository's root)");
            }
        }
        return files;
    }

    /** What the section's command prints: the named program of the suite, run in this JVM. */
    private static String figure(String className, String arguments, String where) throws BadInputException {
        if (!className.startsWith("org.rabbitmqjmh.")) {
            throw new BadInputException(
                    where + ": a generated section runs the suite's own programs, not " + className);
        }
        Method run;
        try {
            run = Class.forName(className).getMethod("run", String[].class, PrintStream.class, PrintStream.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new BadInputException(
                    where + ": " + className + " is not a program of the suite with run(args, out, err)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            status = (int) run.invoke(
                    null,
                    words(arguments),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new BadInputException(where + ": " + className + " failed: " + e.getCause());
        }
        if (status != 0 && status != 1) {
            throw new BadInputException(where + ": the command exited " + status + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The command's arguments as a shell splits them: at spaces, but not inside double quotes. */
    static String[] words(String arguments) {
        Matcher m = WORD.matcher(arguments);
        List<String> words = new ArrayList<>();
        while (m.find()) {
            words.add(m.group().replace("\"", ""));
        }
        return words.toArray(String[]::new);
    }

    private static final Pattern WORD = Pattern.compile("(?:[^\\s\"]+|\"[^\"]*\")+");
}
