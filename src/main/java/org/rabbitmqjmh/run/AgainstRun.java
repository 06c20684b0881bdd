package org.rabbitmqjmh.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.broker.BrokerSource;
import org.rabbitmqjmh.results.compare.Compare;

/**
 * {@code --against BASE.jar}, all of it: base and head fork by fork on this run's broker
 * ({@link Interleaved}), or the head on a broker of its own ({@code --head-cluster N},
 * {@code --head-image}), with the head's changes ({@link HeadChanges}); then the paired comparison,
 * printed and written to compare.md. The exit status is compare's.
 */
public final class AgainstRun {

    /**
     * Base and head: the base jar as given, the head this launcher's own code and the changes asked for;
     * {@code duet}: at the same time, each on a broker and a CPU of its own ({@link Duet}).
     */
    public record Sides(Interleaved.Side base, Interleaved.Side head, boolean duet) {}

    private AgainstRun() {}

    /** The two sides, checked before any broker starts; null without {@code --against}. */
    public static Sides sides(LauncherArgs launcher, List<JmhArgs> passes, CpuSplit split) {
        if (launcher.against() == null) {
            return null;
        }
        if (passes.get(0).value("-rf") != null || passes.get(0).value("-rff") != null) {
            throw new IllegalArgumentException("--against writes RUN/base and RUN/head itself; drop -rf and -rff");
        }
        passes.forEach(Interleaved::rounds);
        HeadChanges changes = launcher.head();
        if (launcher.duet() && (changes.firehose() || changes.ownNodes() > 1)) {
            throw new IllegalArgumentException(
                    "--duet runs each side on one node of its own, on one CPU: it does not go "
                            + "with --head-firehose or --head-cluster");
        }
        if (launcher.duet()) {
            Duet.check(split);
        }
        return new Sides(
                Interleaved.Side.of("base", launcher.against(), HeadChanges.NONE),
                Interleaved.Side.of("head", ownCode(), changes),
                launcher.duet());
    }

    public static int run(Launch launch, Sides sides, PrintStream err) throws IOException, InterruptedException {
        Interleaved.Side head = sides.head();
        List<String> forwarded = ForkProperties.forwardedToSides();
        List<String> baseProps = ForkProperties.forSide(launch.uriFile(), launch.witnesses(), forwarded);
        if (sides.duet() && launch.broker().source() == BrokerSource.URI) {
            throw new IllegalArgumentException(
                    "--duet starts a broker node for each side and moves it between CPUs: it "
                            + "does not go with a broker at a URI");
        }
        if (head.changes().ownBroker() || sides.duet()) {
            // Both brokers run for the whole run, the base's idle while the head's forks run and the other way
            // round (in a duet, both busy at once): a cluster start per round would cost 20 s each.
            HeadChanges changes = head.changes();
            err.println(
                    "head's broker: " + (changes.image().isEmpty() ? "" : "a container of " + changes.image() + ", ")
                            + (changes.ownNodes() > 1 ? "a cluster of " + changes.ownNodes() + " nodes" : "one node")
                            + " of its own");
            try (SharedBroker own = SharedBroker.startOwn(launch.cpus(), changes.ownNodes(), changes.image(), err)) {
                List<String> headProps = ForkProperties.forSide(
                        own.uriFile(),
                        ForkProperties.witnesses(own.broker(), launch.plan(), WorkerBarrier.fromEnvironment(), err),
                        forwarded);
                Duet duet =
                        sides.duet() ? Duet.of(launch.cpus(), launch.broker(), own.broker(), launch.runDir()) : null;
                Map<String, String> environment = new TreeMap<>(
                        Map.of("interleaved.head.broker", own.broker().describe()));
                if (duet != null) {
                    err.println(duet.describe());
                    environment.put("interleaved.duet", duet.describe());
                }
                return rounds(
                        launch,
                        sides,
                        side -> side == head ? headProps : baseProps,
                        side -> side == head ? own.broker() : launch.broker(),
                        duet,
                        environment,
                        err);
            }
        }
        return rounds(launch, sides, side -> baseProps, side -> launch.broker(), null, Map.of(), err);
    }

    /** The rounds, each side's launcher given its broker's properties, then the comparison. */
    private static int rounds(
            Launch launch,
            Sides sides,
            Function<Interleaved.Side, List<String>> props,
            Function<Interleaved.Side, Broker> brokers,
            Duet duet,
            Map<String, String> environment,
            PrintStream err)
            throws IOException, InterruptedException {
        Interleaved.Side base = sides.base();
        Interleaved.Side head = sides.head();
        Path runDir = launch.runDir();
        boolean firehose = head.changes().firehose();
        if (firehose) {
            launch.broker().setFirehose(false); // refused here, before any round, by a broker that is not ours
            err.println("firehose: on for the head's forks, off for the base's (rabbitmqctl trace_on / trace_off)");
        }
        boolean done;
        try {
            done = new Interleaved(
                            base,
                            head,
                            runDir,
                            props,
                            (pass, side) -> {
                                if (firehose) {
                                    launch.broker().setFirehose(side == head);
                                }
                                // A quorum queue's log rolls over every 512 MiB, about once a minute and a half on the
                                // quorum row: a roll-over that lands in a measured iteration cut it to a fifth of its
                                // rate
                                // and multiplied the broker's CPU per message by 2.5 to 25 (results/noise/README.md),
                                // on
                                // whichever side it happened to fall. Both sides start with an empty log instead.
                                if (pass.toList().stream().anyMatch(a -> a.contains("quorum"))) {
                                    brokers.apply(side).startQuorumLogAfresh();
                                }
                            },
                            duet,
                            err)
                    .run(launch.passes());
        } finally {
            if (firehose) {
                launch.broker().setFirehose(false);
            }
        }
        recordEnvironment(launch, sides, environment);
        return done ? compare(runDir, err) : notDone(runDir, err);
    }

    /** The run's environment file, with what each side ran and what the head changed. */
    private static void recordEnvironment(Launch launch, Sides sides, Map<String, String> environment)
            throws IOException {
        List<String> passArgs =
                launch.passes().stream().map(p -> String.join(" ", p.toList())).toList();
        Map<String, String> all = new TreeMap<>(environment);
        all.put("interleaved.base", String.join(" ", sides.base().launch()));
        all.put("interleaved.head", String.join(" ", sides.head().launch()));
        all.put("interleaved.head.changes", sides.head().changes().describe());
        RunEnvironment.write(launch, passArgs, all);
    }

    /** Stopped by a signal (its exit status) or a failed round (1): no comparison. */
    private static int notDone(Path runDir, PrintStream err) {
        if (StopSignals.stopping()) {
            err.println("stopped by " + StopSignals.received().orElseThrow() + ": the rounds that finished are under "
                    + runDir + "; no comparison");
            return StopSignals.exitStatus();
        }
        return 1;
    }

    private static int compare(Path runDir, PrintStream err) {
        err.println("run folder: " + runDir);
        return Compare.run(
                new String[] {
                    "--paired",
                    "--markdown",
                    runDir.resolve("compare.md").toString(),
                    runDir.resolve("base").toString(),
                    runDir.resolve("head").toString()
                },
                System.out,
                err);
    }

    /** This launcher's own code, to run the head side with: the jar, or the classpath outside one. */
    private static String ownCode() {
        try {
            Path self = Path.of(AgainstRun.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return Files.isRegularFile(self) ? self.toString() : System.getProperty("java.class.path");
        } catch (URISyntaxException | SecurityException e) {
            return System.getProperty("java.class.path");
        }
    }
}
