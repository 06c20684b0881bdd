package org.rabbitmqjmh.broker;

import java.nio.file.Path;

/**
 * What a killed run may leave behind (private nodes, containers), removed by the next run before it
 * starts its own, with one line on stderr saying so. Only what provably belongs to a process that is gone
 * is touched: a node's directory names its owner's pid and start time, a container carries them as a label.
 */
final class Leftovers {

    private Leftovers() {}

    static void removeNodes(Path nodesDir) {
        say(LocalNode.reapOrphans(nodesDir), "private node", "stopped, directory deleted");
    }

    static void removeContainers() {
        say(ContainerBroker.removeOrphans(), "container", "removed");
    }

    private static void say(int count, String what, String how) {
        if (count > 0) {
            System.err.println("leftovers: removed " + count + " " + what + (count == 1 ? "" : "s")
                    + " left by an earlier run that was killed (" + how + ")");
        }
    }
}
