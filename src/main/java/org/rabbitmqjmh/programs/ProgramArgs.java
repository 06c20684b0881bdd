package org.rabbitmqjmh.programs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options, checked against what a program accepts. */
final class ProgramArgs {

  private final Map<String, String> values = new HashMap<>();

  private ProgramArgs() {
  }

  /**
   * @param options option name (without dashes) to a one-line description; a description that starts
   *     with "flag:" marks an option that takes no value
   */
  static ProgramArgs parse(String[] args, LinkedHashMap<String, String> options) {
    ProgramArgs p = new ProgramArgs();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument '" + a + "'; options look like --name value (see --help)");
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      String description = options.get(name);
      if (description == null) {
        throw new UsageException("unknown option --" + name + "; allowed: --" + String.join(", --", options.keySet()));
      }
      if (description.startsWith("flag:")) {
        p.values.put(name, "true");
      } else {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException("option --" + name + " needs a value: " + description);
          }
          value = args[++i];
        }
        p.values.put(name, value);
      }
    }
    return p;
  }

  static String help(String usage, LinkedHashMap<String, String> options) {
    StringBuilder b = new StringBuilder(usage).append("\n\nOptions:\n");
    options.forEach((k, v) -> b.append(String.format("  --%-14s %s%n", k, v.replaceFirst("^flag: ?", ""))));
    return b.toString();
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * A queue name: AMQP 0-9-1 carries it as a short string, at most 255 bytes of UTF-8, which the client
   * library would only refuse once connected to a broker.
   */
  String queueName(String name, String fallback) {
    String v = string(name, fallback);
    int bytes = v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > 255) {
      throw new UsageException("--" + name + " is " + bytes + " bytes long; a queue name is at most 255 bytes (UTF-8)");
    }
    if (v.isBlank()) {
      throw new UsageException("--" + name + " is empty; give a queue name (at most 255 bytes)");
    }
    return v;
  }

  long number(String name, long fallback, long min, long max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, not '" + v + "'; allowed: " + range(min, max));
    }
    if (n < min || n > max) {
      throw new UsageException("--" + name + " " + n + " is out of range; allowed: " + range(min, max));
    }
    return n;
  }

  int integer(String name, int fallback, int min, int max) {
    return (int) number(name, fallback, min, max);
  }

  String choice(String name, String fallback, Set<String> allowed) {
    String v = values.getOrDefault(name, fallback);
    if (!allowed.contains(v)) {
      throw new UsageException("--" + name + " '" + v + "' is not allowed; allowed: "
          + String.join(", ", new java.util.TreeSet<>(allowed)));
    }
    return v;
  }

  private static String range(long min, long max) {
    return max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? min + " or more" : min + ".." + max;
  }
}
