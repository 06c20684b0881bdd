package org.rabbitmqjmh.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rabbitmqjmh.broker.BrokerSettings;

/**
 * The launcher's own flags, taken out of the command line before JMH sees the rest:
 * {@code --profile NAME}, {@code --against BASE_JAR} and what the head side gets besides
 * ({@link HeadChanges}: {@code --head-property NAME=VALUE}, {@code --head-jvm-args "ARGS"},
 * {@code --head-jvm PATH}, {@code --head-firehose}, {@code --head-cluster N}, {@code --head-image IMAGE}), and
 * {@code --duet} (both sides at the same time, {@link Duet}). What remains is JMH's, overlaid on the
 * profile's passes ({@link #passes}).
 *
 * <p>Read by hand, not with jopt-simple like the programs: jopt-simple takes abbreviations and single-dash
 * long options, so JMH's own {@code -prof gc} and {@code -p x=1} would both be read as {@code --profile}
 * (tried: "multiple arguments for option profile"), and everything that is not ours must reach JMH as typed.
 */
public record LauncherArgs(String profile, String against, HeadChanges head, boolean duet, List<String> jmh) {

    private static final String VALUES =
            "--against BASE_JAR, --head-property NAME=VALUE, --head-jvm-args \"JVM OPTIONS\", --head-jvm PATH_TO_JAVA, "
                    + "--head-cluster NODES, --head-image IMAGE";

    /** The flags that take a value. */
    private static final List<String> WITH_VALUE =
            List.of("--against", "--head-property", "--head-jvm-args", "--head-jvm", "--head-cluster", "--head-image");

    /** What the command line said so far, flag by flag. */
    private static final class Given {
        String profile;
        String against;
        final List<String> headProperties = new ArrayList<>();
        String headJvmArgs = "";
        String headJvm = "";
        boolean firehose;
        boolean duet;
        int cluster;
        String image = "";
        final List<String> rest = new ArrayList<>();
    }

    /** @throws IllegalArgumentException one line naming the flag and what it takes */
    public static LauncherArgs parse(String[] args) {
        Given g = new Given();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (WITH_VALUE.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value: " + VALUES);
                }
                take(a, args[++i], g);
            } else if (a.equals("--head-firehose")) {
                g.firehose = true;
            } else if (a.equals("--duet")) {
                g.duet = true;
            } else if (a.equals("--profile")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "--profile needs a name; allowed: " + String.join(", ", Profile.NAMES));
                }
                g.profile = args[++i];
            } else if (a.startsWith("--profile=")) {
                g.profile = a.substring("--profile=".length());
            } else {
                g.rest.add(a);
            }
        }
        HeadChanges head = new HeadChanges(g.headProperties, g.headJvmArgs, g.headJvm, g.firehose, g.cluster, g.image);
        if ((head.any() || g.duet) && g.against == null) {
            throw new IllegalArgumentException("--head-property, --head-jvm-args, --head-jvm, --head-firehose, "
                    + "--head-cluster, --head-image and --duet need --against BASE_JAR");
        }
        if (g.firehose && head.ownBroker()) {
            throw new IllegalArgumentException("--head-firehose does not go with --head-cluster or --head-image: the "
                    + "firehose is switched on the base's broker, and those give the head a broker of its own");
        }
        return new LauncherArgs(g.profile, g.against, head, g.duet, List.copyOf(g.rest));
    }

    /** One flag of {@link #WITH_VALUE} and its value, checked. */
    private static void take(String flag, String value, Given g) {
        switch (flag) {
            case "--against" -> g.against = value;
            case "--head-cluster" -> g.cluster = headCluster(value);
            case "--head-image" -> {
                if (!value.matches("[\\w][\\w./:@-]*")) {
                    throw new IllegalArgumentException("--head-image '" + value
                            + "' is not an image name; give one such as " + "rabbitmq-jmh/rabbitmq:4.0.5");
                }
                g.image = value;
            }
            case "--head-jvm-args" -> {
                if (!value.strip().startsWith("-")) {
                    throw new IllegalArgumentException("--head-jvm-args '" + value + "' is not JVM options; say "
                            + "--head-jvm-args \"-Xbatch -XX:+AlwaysPreTouch\"");
                }
                g.headJvmArgs = (g.headJvmArgs + " " + value.strip()).strip();
            }
            case "--head-jvm" -> {
                Path java = Path.of(value);
                if (!Files.isExecutable(java) || Files.isDirectory(java)) {
                    throw new IllegalArgumentException("--head-jvm " + value + " is not an executable java binary; "
                            + "give one such as /usr/lib/jvm/JDK/bin/java");
                }
                g.headJvm = value;
            }
            default -> { // --head-property
                if (!value.matches("[\\w.-]+=.*")) {
                    throw new IllegalArgumentException(
                            "--head-property " + value + " is not NAME=VALUE (a system property of the head's forks)");
                }
                g.headProperties.add(value);
            }
        }
    }

    /** {@code --head-cluster}'s node count: 1 (one node of its own) to 7. */
    private static int headCluster(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= BrokerSettings.MAX_CLUSTER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--head-cluster " + value + " is not a node count; allowed: 1 to "
                + BrokerSettings.MAX_CLUSTER + " (the head's own private nodes, joined)");
    }

    /** JMH's arguments per pass: the user's alone, or each of the profile's passes with the user's on top. */
    public List<JmhArgs> passes() {
        JmhArgs user = JmhArgs.parse(jmh);
        if (profile == null) {
            return List.of(user);
        }
        return Profile.load(profile).stream().map(p -> p.overlay(user)).toList();
    }
}
