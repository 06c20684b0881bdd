package org.rabbitmqjmh.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A named set of JMH arguments kept in {@code src/main/resources/profiles/NAME.jmh}: which benchmarks,
 * which parameter points, how many forks and iterations. Lines are JMH arguments; '#' starts a comment.
 * A line {@code ---} starts a pass: the lines before the first one apply to every pass, each pass adds
 * its own (a pass per JMH thread count, say, which no {@code @Param} can sweep). The passes run one
 * after the other against the same broker and their results land in one result file.
 */
public final class Profile {

    public static final List<String> NAMES = List.of("quick", "full", "protocols", "replication");

    private Profile() {}

    public static List<JmhArgs> load(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown profile '" + name + "'; allowed: " + String.join(", ", NAMES));
        }
        try (InputStream in = Profile.class.getResourceAsStream("/profiles/" + name + ".jmh")) {
            if (in == null) {
                throw new IllegalStateException("profile " + name + " is missing from the jar");
            }
            List<String> common = new ArrayList<>();
            List<List<String>> passes = new ArrayList<>();
            List<String> current = common;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String code = line.replaceAll("#.*", "").trim();
                if (code.equals("---")) {
                    current = new ArrayList<>();
                    passes.add(current);
                } else if (!code.isEmpty()) {
                    current.addAll(Arrays.asList(code.split("\\s+")));
                }
            }
            if (passes.isEmpty()) {
                return List.of(JmhArgs.parse(common));
            }
            // A pass's own options (say -i for single-shot benchmarks) win over the common ones.
            List<JmhArgs> out = new ArrayList<>();
            JmhArgs shared = JmhArgs.parse(common);
            for (List<String> pass : passes) {
                out.add(shared.overlay(JmhArgs.parse(pass)));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read profile " + name, e);
        }
    }
}
