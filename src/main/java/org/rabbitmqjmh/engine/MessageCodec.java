package org.rabbitmqjmh.engine;

/**
 * The first {@value #HEADER_BYTES} bytes of every body: the message id and its send time
 * ({@link System#nanoTime()}), big-endian. In the body rather than in AMQP headers because headers cost
 * a map per message on both sides. On Linux nanoTime is CLOCK_MONOTONIC, shared by all processes of a
 * host, so a consumer in another JVM on the same machine can subtract it too.
 */
public final class MessageCodec {

    public static final int HEADER_BYTES = 16;

    private MessageCodec() {}

    public static void write(byte[] body, long id, long sentNanos) {
        putLong(body, 0, id);
        putLong(body, 8, sentNanos);
    }

    public static long id(byte[] body) {
        return getLong(body, 0);
    }

    public static long sentNanos(byte[] body) {
        return getLong(body, 8);
    }

    public static void checkSize(int size) {
        if (size < HEADER_BYTES) {
            throw new IllegalArgumentException("message size " + size + " is too small; allowed: at least "
                    + HEADER_BYTES + " bytes (id and send time)");
        }
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
