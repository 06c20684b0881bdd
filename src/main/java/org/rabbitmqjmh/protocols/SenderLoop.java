package org.rabbitmqjmh.protocols;

import java.util.concurrent.atomic.LongAdder;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.consume.SequenceCheck;
import org.rabbitmqjmh.engine.timing.Latency;

/**
 * One publisher of a protocol trial: a call takes a slot of the outstanding window and sends one
 * message numbered in the publisher's sequence ({@link SequenceCheck}'s form) and stamped with its send
 * time; the slot comes back with the broker's acknowledgement, whose latency it records. Counts go to
 * the publisher and to the trial's {@link TrialCounts}.
 */
public final class SenderLoop implements AutoCloseable {

    private final MessageSender sender;
    private final OutstandingWindow slots;
    private final TrialCounts trial;
    private final Latency ackLatency;
    private final int size;
    private final LongAdder acks = new LongAdder();
    private long nextId;
    private long sent;

    public SenderLoop(
            MessageSender sender, int window, int size, int publisher, Latency ackLatency, TrialCounts trial) {
        this.sender = sender;
        this.slots = new OutstandingWindow(window);
        this.size = size;
        this.nextId = SequenceCheck.firstId(publisher);
        this.ackLatency = ackLatency;
        this.trial = trial;
        trial.window(window + 1L); // plus one: a sender in the middle of send has sent what it has not counted
    }

    public void send() throws Exception {
        slots.acquire();
        byte[] body = new byte[size]; // a body per message: a client may still hold the last one
        long sentAt = System.nanoTime();
        MessageCodec.write(body, nextId++, sentAt);
        sender.send(body, new Acks() {
            @Override
            public void acked() {
                ackLatency.record(System.nanoTime() - sentAt);
                acks.increment();
                trial.countAcked();
                slots.release();
            }

            @Override
            public void failed(String why) {
                trial.fail(why);
                slots.release();
            }
        });
        sent++;
        trial.countSent();
    }

    /** Messages this publisher sent (read by its own thread). */
    public long sent() {
        return sent;
    }

    /** Messages the broker acknowledged to this publisher. */
    public long acknowledged() {
        return acks.sum();
    }

    /** Waits (bounded) for the window's last acknowledgements, then closes the sender. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (!slots.drain()) {
                System.err.println("protocol: " + slots.size() + " messages still unacknowledged at the trial's end");
            }
        } finally {
            sender.close();
        }
    }
}
