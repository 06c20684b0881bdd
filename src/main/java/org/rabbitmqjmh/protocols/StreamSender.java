package org.rabbitmqjmh.protocols;

import com.rabbitmq.stream.ConfirmationStatus;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Producer;
import com.rabbitmq.stream.ProducerBuilder;
import org.rabbitmqjmh.engine.Connections;

/**
 * A stream-client producer as a {@link MessageSender}, on an environment of its own that it closes with
 * it. The producer sends as soon as it can ({@code dynamicBatch}): the default 100 ms batching delay would
 * make every unary send wait for it. Its own limit on unconfirmed messages sits far above any window a
 * trial uses.
 */
final class StreamSender implements MessageSender {

    private final Environment environment;
    private final Producer producer;

    StreamSender(Environment environment, Producer producer) {
        this.environment = environment;
        this.producer = producer;
    }

    /** The settings every producer of this suite starts from; the caller names the stream or super stream. */
    static ProducerBuilder builder(Environment environment) {
        return environment
                .producerBuilder()
                .dynamicBatch(true)
                .maxUnconfirmedMessages(100_000)
                .confirmTimeout(StreamEnvironment.TIMEOUT)
                .enqueueTimeout(StreamEnvironment.TIMEOUT);
    }

    @Override
    public void send(byte[] body, Acks acks) {
        producer.send(producer.messageBuilder().addData(body).build(), (ConfirmationStatus s) -> {
            if (s.isConfirmed()) {
                acks.acked();
            } else {
                acks.failed("stream: the broker did not confirm the message (code " + s.getCode() + ")");
            }
        });
    }

    @Override
    public void close() {
        Connections.closeQuietly(producer);
        Connections.closeQuietly(environment);
    }
}
