package org.rabbitmqjmh.run;

import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's own flags, taken out of the command line before JMH sees the rest:
 * {@code --profile NAME}, {@code --against BASE_JAR} and {@code --head-property NAME=VALUE}. What remains
 * is JMH's, overlaid on the profile's passes ({@link #passes}).
 */
public record LauncherArgs(String profile, String against, List<String> headProperties, List<String> jmh) {

  /** @throws IllegalArgumentException one line naming the flag and what it takes */
  public static LauncherArgs parse(String[] args) {
    String profile = null;
    String against = null;
    List<String> headProperties = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--against") || a.equals("--head-property")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value: --against BASE_JAR, --head-property NAME=VALUE");
        }
        String value = args[++i];
        if (a.equals("--against")) {
          against = value;
        } else if (!value.matches("[\\w.-]+=.*")) {
          throw new IllegalArgumentException("--head-property " + value
              + " is not NAME=VALUE (a system property of the head's forks)");
        } else {
          headProperties.add(value);
        }
      } else if (a.equals("--profile")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--profile needs a name; allowed: " + String.join(", ", Profile.NAMES));
        }
        profile = args[++i];
      } else if (a.startsWith("--profile=")) {
        profile = a.substring("--profile=".length());
      } else {
        rest.add(a);
      }
    }
    if (!headProperties.isEmpty() && against == null) {
      throw new IllegalArgumentException("--head-property needs --against BASE_JAR");
    }
    return new LauncherArgs(profile, against, List.copyOf(headProperties), List.copyOf(rest));
  }

  /** JMH's arguments per pass: the user's alone, or each of the profile's passes with the user's on top. */
  public List<JmhArgs> passes() {
    JmhArgs user = JmhArgs.parse(jmh);
    if (profile == null) {
      return List.of(user);
    }
    return Profile.load(profile).stream().map(p -> p.overlay(user)).toList();
  }
}
