package org.rabbitmqjmh.run;

import java.util.List;

/**
 * What the head side of an interleaved run ({@code --against}) gets that the base does not, besides its
 * own code: the way to try one change (a knob, a JVM flag, a JDK, a broker setting) against the same
 * build, fork by fork on one broker.
 *
 * @param properties {@code --head-property NAME=VALUE}: system properties of the head's forks
 * @param jvmArgs {@code --head-jvm-args "ARGS"}: JVM options of the head's forks, after any the pass gives
 *     ({@code -Xbatch}, {@code -XX:+UseParallelGC}); empty for none
 * @param jvm {@code --head-jvm PATH}: the java binary of the head's forks (another JDK); empty for the
 *     launcher's own
 * @param firehose {@code --head-firehose}: the broker's firehose tracer on while a head fork runs and off
 *     while a base fork runs, a change on the broker's side only (it copies every message published and
 *     delivered to {@code amq.rabbitmq.trace})
 * @param cluster {@code --head-cluster N}: the head's forks run on a private cluster of N nodes of their
 *     own, started beside the base's broker for the whole run (what replication costs, fork by fork);
 *     0 when the head shares the base's broker
 * @param image {@code --head-image IMAGE}: the head's forks run on a container of that image of their own
 *     (with {@code --head-cluster N}, a cluster of N), started beside the base's broker for the whole run:
 *     what a broker upgrade changes, fork by fork; empty when the head shares the base's broker
 */
public record HeadChanges(
        List<String> properties, String jvmArgs, String jvm, boolean firehose, int cluster, String image) {

    public static final HeadChanges NONE = new HeadChanges(List.of(), "", "", false, 0, "");

    public HeadChanges {
        properties = List.copyOf(properties);
    }

    public boolean any() {
        return !properties.isEmpty() || !jvmArgs.isEmpty() || !jvm.isEmpty() || firehose || ownBroker();
    }

    /** Whether the head runs on a broker of its own rather than the base's. */
    public boolean ownBroker() {
        return cluster > 0 || !image.isEmpty();
    }

    /** The node count of the head's own broker: {@code --head-cluster}'s, else one. */
    public int ownNodes() {
        return Math.max(cluster, 1);
    }

    /** A pass as this side runs it: the JVM options and the java binary on top of the pass's own. */
    public JmhArgs applyTo(JmhArgs pass) {
        JmhArgs out = pass.overlay(JmhArgs.parse(List.of())); // a copy: without() and add() change their JmhArgs
        if (!jvmArgs.isEmpty()) {
            String before = pass.value("-jvmArgsAppend");
            out = out.without("-jvmArgsAppend")
                    .add("-jvmArgsAppend", before == null ? jvmArgs : before + " " + jvmArgs);
        }
        if (!jvm.isEmpty()) {
            out = out.without("-jvm").add("-jvm", jvm);
        }
        return out;
    }

    /** For the run's environment file: the head's changes as its command line gave them. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        properties.forEach(p -> s.append(" --head-property ").append(p));
        if (!jvmArgs.isEmpty()) {
            s.append(" --head-jvm-args '").append(jvmArgs).append('\'');
        }
        if (!jvm.isEmpty()) {
            s.append(" --head-jvm ").append(jvm);
        }
        if (firehose) {
            s.append(" --head-firehose");
        }
        if (cluster > 0) {
            s.append(" --head-cluster ").append(cluster);
        }
        if (!image.isEmpty()) {
            s.append(" --head-image ").append(image);
        }
        return s.toString().strip();
    }
}
