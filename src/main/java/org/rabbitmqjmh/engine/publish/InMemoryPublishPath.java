package org.rabbitmqjmh.engine.publish;

import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.Slowdown;
import org.rabbitmqjmh.engine.timing.Latency;
import org.rabbitmqjmh.engine.timing.TimingRecorder;

/**
 * One publisher's path of {@code InMemoryPublishBenchmark}: a fresh body with id and send time, a timing
 * row, the enqueue (the in-memory "confirm"), the confirm latency. The benchmark times it against a
 * draining thread; {@code programs.Instructions} counts its instructions with the drain done inline, on
 * one thread, because a hand-off between threads makes an instruction count vary by 2-15%.
 */
public final class InMemoryPublishPath {

    private final InMemoryQueue queue;
    private final int messageSize;
    private final TimingRecorder recorder;
    private final Latency confirm;
    private final long firstId;
    private long seq;

    public InMemoryPublishPath(
            InMemoryQueue queue, int messageSize, TimingRecorder recorder, Latency confirm, long firstId) {
        MessageCodec.checkSize(messageSize);
        this.queue = queue;
        this.messageSize = messageSize;
        this.recorder = recorder;
        this.confirm = confirm;
        this.firstId = firstId;
    }

    /** Publishes one message; false when the queue dropped an older one to make room. */
    public boolean publish() {
        Slowdown.perMessage(); // where the broker publisher has it: zero unless a gate proof asks
        // A fresh body per message, as a real publisher hands each message over for good.
        byte[] body = new byte[messageSize];
        long now = System.nanoTime();
        long id = firstId + seq;
        MessageCodec.write(body, id, now);
        recorder.first(seq, id, now);
        boolean kept = queue.enqueue(body);
        long done = System.nanoTime();
        confirm.record(done - now);
        recorder.second(seq, done);
        seq++;
        return kept;
    }
}
