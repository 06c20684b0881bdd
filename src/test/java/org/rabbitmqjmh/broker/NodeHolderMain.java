package org.rabbitmqjmh.broker;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** A JVM that starts a private node, says where it is, and waits to be killed (orphan tests). */
public final class NodeHolderMain {

    public static void main(String[] args) throws Exception {
        BrokerSettings settings = BrokerSettings.fromEnvironment().withNodesDir(Path.of(args[0]));
        if (args.length > 1) {
            // A cluster: print its nodes' beam pids only.
            LocalCluster cluster = LocalCluster.start(
                    BrokerSettings.DEBIAN_SERVER_SCRIPT, settings.withClusterSize(Integer.parseInt(args[1])));
            System.out.println("READY "
                    + cluster.nodes().stream()
                            .map(n ->
                                    Long.toString(n.beamProcess().orElseThrow().pid()))
                            .collect(Collectors.joining(" ")));
            System.out.flush();
            Thread.sleep(120_000);
            cluster.close();
            return;
        }
        LocalNode node = LocalNode.start(BrokerSettings.DEBIAN_SERVER_SCRIPT, settings);
        System.out.println("READY " + node.directory() + " "
                + node.beamProcess().orElseThrow().pid());
        System.out.flush();
        Thread.sleep(120_000); // the test kills us long before; a forgotten holder still ends
        node.close();
    }
}
