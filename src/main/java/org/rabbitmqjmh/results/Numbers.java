package org.rabbitmqjmh.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How numbers look in tables: scores span 1e-6 s/op to 1e7 ops/s, so significant digits, not decimals. */
public final class Numbers {

    private Numbers() {}

    public static String score(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "+inf" : "-inf");
        }
        if (v != 0 && (Math.abs(v) >= 1e9 || Math.abs(v) < 1e-4)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    public static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : score(v);
    }

    public static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f%%", v) : score(v);
    }

    public static String interval(Interval i) {
        return i.known() ? "[" + ratio(i.low()) + ", " + ratio(i.high()) + "]" : "n/a";
    }

    /** "5" rather than "5.0" for the usual whole-number threshold. */
    public static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
