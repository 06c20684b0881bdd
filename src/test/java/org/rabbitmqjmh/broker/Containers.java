package org.rabbitmqjmh.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/** The container path for the tests of other packages: the suite's images, their containers, a crash. */
public final class Containers {

    /** The images deploy/images/build makes. */
    public static final String RABBITMQ_4 = "rabbitmq-jmh/rabbitmq:4.0.5";

    public static final String RABBITMQ_3 = "rabbitmq-jmh/rabbitmq:3.10.8";

    private Containers() {}

    /**
     * Why the container tests cannot run here, or empty: no engine answers, or the image was not built
     * (the tests do not pull: deploy/images/build makes the images from Debian's packages).
     */
    public static Optional<String> unavailable(String image) {
        if (!DockerProbe.system().dockerReachable()) {
            return Optional.of("no Docker engine answers here: the container path is not exercised");
        }
        try {
            HostContainer.docker().inspectImageCmd(image).exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the image " + image + " is not built here (deploy/images/build): the container "
                    + "path is not exercised");
        }
    }

    public static Broker start(Path nodesDir, String image) {
        return ContainerBroker.start(
                BrokerSettings.fromEnvironment().withNodesDir(nodesDir).withImage(image));
    }

    public static Broker startCluster(Path nodesDir, String image, int nodes) {
        return ContainerCluster.start(BrokerSettings.fromEnvironment()
                .withNodesDir(nodesDir)
                .withImage(image)
                .withClusterSize(nodes));
    }

    /** The nodes of a cluster of containers, node 1 first. */
    public static List<Broker> nodes(Broker cluster) {
        return List.copyOf(((ContainerCluster) cluster).nodes());
    }

    /** The node's name, as rabbitmqctl and the queue's leader say it. */
    public static String nodeName(Broker node) {
        return ((ContainerBroker) node).nodeName();
    }

    /** {@code docker kill}: the broker's container gone at once, as in a crash. */
    public static void kill(Broker node) {
        ((ContainerBroker) node).kill();
    }

    public static String rabbitmqctl(Broker broker, String... args) {
        return ((ControlledBroker) broker).rabbitmqctl(args);
    }

    /** The suite's containers, running or not, whose owner label names the process {@code pid}. */
    public static List<String> ownedBy(long pid) {
        return DockerClientFactory.instance()
                .client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(HostContainer.OWNER_LABEL))
                .exec()
                .stream()
                .filter(c -> c.getLabels()
                        .getOrDefault(HostContainer.OWNER_LABEL, "")
                        .startsWith(pid + " "))
                .map(c -> c.getId())
                .toList();
    }

    /** Every container of the suite's on the engine, whoever owns it. */
    public static List<String> all() {
        return DockerClientFactory.instance()
                .client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(HostContainer.OWNER_LABEL))
                .exec()
                .stream()
                .map(c -> c.getId())
                .toList();
    }
}
