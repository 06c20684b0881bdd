package org.rabbitmqjmh.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the user's spelling of an enum ("async-window", "ASYNC_WINDOW") or names the allowed ones. */
public final class Enums {

    private Enums() {}

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        String key = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "'; allowed: " + allowed(type));
    }

    public static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }
}
