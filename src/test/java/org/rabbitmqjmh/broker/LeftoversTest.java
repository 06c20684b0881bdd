package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A URI file holds the node's password: one left by a killed run is removed by the next run. */
class LeftoversTest {

    @Test
    void aUriFileWhoseOwnerIsGoneIsRemovedWhenTheNextRunWritesItsOwn() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.createFile(BrokerSettings.tempDir().resolve("rabbitmq-jmh-uri-" + gone.pid() + "-1.txt"));
        Path mine = BrokerSettings.writeUriFile(List.of(URI.create("amqp://u:p@127.0.0.1:5672/%2F")));
        try {
            assertThat(stale).doesNotExist();
            assertThat(mine).exists().isReadable();
            assertThat(mine.getFileName().toString())
                    .startsWith("rabbitmq-jmh-uri-" + ProcessHandle.current().pid() + "-");
            assertThat(BrokerSettings.removeStaleUriFiles())
                    .as("a live owner's file stays")
                    .isZero();
            assertThat(mine).exists();
        } finally {
            Files.deleteIfExists(stale);
            Files.deleteIfExists(mine);
        }
    }
}
