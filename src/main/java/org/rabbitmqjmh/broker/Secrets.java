package org.rabbitmqjmh.broker;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Random passwords, cookies and name suffixes for the nodes the suite starts. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** An Erlang cookie shared by the nodes of one cluster. */
    static String cookie() {
        return hex(20).toUpperCase(Locale.ROOT);
    }
}
