package org.rabbitmqjmh.broker;

/**
 * A broker could not be obtained or used, with a message meant for the user as it is: one line that
 * names the problem and what would fix it. Entry points print the message alone, without a stack trace.
 */
public class BrokerException extends RuntimeException {

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
