package org.rabbitmqjmh.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rabbitmqjmh.broker.Broker;
import org.rabbitmqjmh.host.Affinity;
import org.rabbitmqjmh.profilers.DuetMeet;

/**
 * {@code --against BASE.jar --duet}: base and head run <em>at the same time</em>, each side's launcher,
 * forks and broker node on a CPU of its own, so that whatever the host does in a round hits both sides
 * alike (Bulej et al., "Duet Benchmarking", ICPE 2020). The two CPUs are not alike from moment to
 * moment (in a first probe here the side on one CPU ran 35–62% faster than the other in some rounds and
 * matched it within 3% in others), so the sides swap CPUs every round: the base has CPU set A in even
 * rounds and B in odd ones, the head the other, and each side's broker is moved with it. Their forks
 * meet before every iteration ({@link DuetMeet}), so that both measure the same seconds.
 *
 * <p>On 2 cores each side's broker and client share one CPU: not how either runs in production, but the
 * same arrangement for both sides, which is what a comparison needs.
 *
 * @param a the first CPU set (the run's broker CPUs of {@link CpuSplit})
 * @param b the second (the run's benchmark CPUs)
 */
public record Duet(String a, String b, Broker baseBroker, Broker headBroker, Path meetings) {

    /** Refuses, in one line and before any broker starts, a split that gives the sides no CPUs of their own. */
    public static void check(CpuSplit split) {
        if (!split.pinned() || !Affinity.available()) {
            throw new IllegalArgumentException("--duet needs two CPUs to give the sides and taskset (util-linux) to "
                    + "pin them; here: " + split.describe());
        }
    }

    /** Two CPU sets ({@link #check}ed), and the two brokers to move between them. */
    public static Duet of(CpuSplit split, Broker baseBroker, Broker headBroker, Path runDir) {
        check(split);
        return new Duet(
                split.broker().orElseThrow(),
                split.client().orElseThrow(),
                baseBroker,
                headBroker,
                runDir.resolve("duet"));
    }

    /** The CPUs of {@code side} in round {@code round} (0-based). */
    public String cpus(int round, Interleaved.Side side) {
        boolean baseOnA = round % 2 == 0;
        return side.name().equals("base") == baseOnA ? a : b;
    }

    /** Moves each side's broker to its CPUs for this round. */
    public void arrange(int round, Interleaved.Side base, Interleaved.Side head) {
        baseBroker.moveTo(cpus(round, base));
        headBroker.moveTo(cpus(round, head));
    }

    /**
     * A side's launcher command for a round: on its CPUs ({@code taskset -c}, which its forks inherit), and
     * told where its forks meet the other side's.
     */
    public List<String> launcher(int round, String roundName, Interleaved.Side side, List<String> command) {
        List<String> pinned = new ArrayList<>(List.of(Affinity.TASKSET.toString(), "-c", cpus(round, side)));
        pinned.add(command.get(0));
        pinned.add("-D" + DuetMeet.PROPERTY + "=" + meetings.resolve(roundName).toAbsolutePath() + ":" + side.name());
        pinned.addAll(command.subList(1, command.size()));
        return pinned;
    }

    /** For the environment file and the console. */
    public String describe() {
        return "duet: base and head at the same time, one on CPUs " + a + " and the other on CPUs " + b
                + " with its broker, swapping every round; their forks meet before every iteration";
    }
}
