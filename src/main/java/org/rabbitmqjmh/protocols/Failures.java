package org.rabbitmqjmh.protocols;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a client library's exception becomes the one line a user reads, the same for every protocol. */
final class Failures {

    private Failures() {}

    /** The message that says what happened: past wrappers that only wrap, on one line. */
    static String oneLine(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null
                && c.getCause() != c
                && (c instanceof ExecutionException
                        || c instanceof CompletionException
                        || c.getMessage() == null
                        || c.getMessage().isBlank())) {
            c = c.getCause();
        }
        return flat(c);
    }

    /** The innermost cause's message (a client that wraps a refused connection in several layers). */
    static String rootLine(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return flat(c);
    }

    static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String flat(Throwable c) {
        String m = c.getMessage();
        return (m == null || m.isBlank() ? c.getClass().getSimpleName() : m)
                .replaceAll("\\s+", " ")
                .trim();
    }
}
