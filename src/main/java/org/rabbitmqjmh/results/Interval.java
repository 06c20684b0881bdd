package org.rabbitmqjmh.results;

/** A 95% interval for head score over base score; both ends NaN when the data cannot give one. */
public record Interval(double low, double high) {

    public static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN);

    public boolean known() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    public boolean below(double x) {
        return known() && high < x;
    }

    public boolean above(double x) {
        return known() && low > x;
    }
}
