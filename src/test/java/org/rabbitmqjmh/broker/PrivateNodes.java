package org.rabbitmqjmh.broker;

import java.nio.file.Path;

/** A private node of a test's own, to break on purpose without disturbing the other tests' broker. */
public final class PrivateNodes {

    private PrivateNodes() {}

    public static LocalNode start(Path nodesDir) {
        return LocalNode.start(
                BrokerSettings.DEBIAN_SERVER_SCRIPT,
                BrokerSettings.fromEnvironment().withNodesDir(nodesDir));
    }
}
