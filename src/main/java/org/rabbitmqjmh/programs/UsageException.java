package org.rabbitmqjmh.programs;

/** The command line is wrong: the message says what and what is allowed; the program exits 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
