package org.rabbitmqjmh.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A named set of JMH arguments kept in {@code src/main/resources/profiles/NAME.jmh}: which benchmarks,
 * which parameter points, how many forks and iterations. Lines are JMH arguments; '#' starts a comment.
 */
public final class Profile {

  public static final List<String> NAMES = List.of("quick", "full");

  private Profile() {
  }

  public static JmhArgs load(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown profile '" + name + "'; allowed: " + String.join(", ", NAMES));
    }
    try (InputStream in = Profile.class.getResourceAsStream("/profiles/" + name + ".jmh")) {
      if (in == null) {
        throw new IllegalStateException("profile " + name + " is missing from the jar");
      }
      List<String> tokens = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String code = line.replaceAll("#.*", "").trim();
        if (!code.isEmpty()) {
          tokens.addAll(Arrays.asList(code.split("\\s+")));
        }
      }
      return JmhArgs.parse(tokens);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read profile " + name, e);
    }
  }
}
