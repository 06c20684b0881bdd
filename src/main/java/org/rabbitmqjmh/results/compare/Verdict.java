package org.rabbitmqjmh.results.compare;

/** What a row says about head against base, in the words the table prints. */
public enum Verdict {
    FASTER("faster"),
    SLOWER("slower"),
    NO_CHANGE("no change");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
