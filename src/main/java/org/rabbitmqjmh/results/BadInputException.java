package org.rabbitmqjmh.results;

/**
 * Input a user can fix: a missing file, a file that is not JMH's JSON, an unknown flag. The message is
 * the one line the command prints, so it names the problem and what is allowed.
 */
public final class BadInputException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
