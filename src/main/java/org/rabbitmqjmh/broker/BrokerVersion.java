package org.rabbitmqjmh.broker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A broker's version as {@link Broker#version()} gives it, compared by major and minor. */
public final class BrokerVersion {

    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    private BrokerVersion() {}

    /** Whether {@code version} is {@code major.minor} or later; an unknown version is given the benefit of the doubt. */
    public static boolean atLeast(String version, int major, int minor) {
        Matcher m = MAJOR_MINOR.matcher(version == null ? "" : version);
        if (!m.find()) {
            return true;
        }
        int ma = Integer.parseInt(m.group(1));
        return ma > major || ma == major && Integer.parseInt(m.group(2)) >= minor;
    }

    /** One line naming the feature, the version it needs and the broker's, where the broker is older. */
    public static void require(String version, int major, int minor, String feature) {
        if (!atLeast(version, major, minor)) {
            throw new BrokerException(feature + " needs RabbitMQ " + major + "." + minor
                    + " or later; the broker is RabbitMQ " + version);
        }
    }
}
