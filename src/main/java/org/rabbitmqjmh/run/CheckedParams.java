package org.rabbitmqjmh.run;

import java.util.List;
import org.rabbitmqjmh.broker.Listener;

/**
 * A benchmark whose {@code @Param} values can be judged without a broker. Its own trial setup calls
 * {@link #checkParams()} first, and the launcher calls it for every combination of values a run would
 * start a fork for ({@link ParamValidation}), so one set of rules decides, in one place, and a bad
 * value ends the run before the first fork instead of failing in every one.
 */
public interface CheckedParams {

    /** Throws {@link IllegalArgumentException} naming the value and what is allowed. */
    void checkParams();

    /**
     * The broker listeners this combination needs besides AMQP 0.9.1 (another protocol's, TLS), so that
     * the launcher enables their plugins once, before the first fork, on a broker it started.
     */
    default List<Listener> listeners() {
        return List.of();
    }
}
