package org.rabbitmqjmh.engine.publish;

/** What happened to a publisher's messages. A returned message is also confirmed (the broker says so). */
public record PublishCounts(long published, long confirmed, long nacked, long returned) {

    public PublishCounts plus(PublishCounts o) {
        return new PublishCounts(
                published + o.published, confirmed + o.confirmed, nacked + o.nacked, returned + o.returned);
    }

    public static final PublishCounts ZERO = new PublishCounts(0, 0, 0, 0);
}
