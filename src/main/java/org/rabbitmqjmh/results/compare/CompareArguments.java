package org.rabbitmqjmh.results.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rabbitmqjmh.results.BadInputException;

/** The command line of {@code compare}, checked: every mistake is a {@link BadInputException} naming it. */
public record CompareArguments(double thresholdPercent, Path markdown, Path noise, Path base, Path head, boolean help,
    boolean paired) {

  static final String USAGE = "usage: compare [--threshold PERCENT] [--noise FILE] [--markdown FILE] [--paired] BASE HEAD"
      + "  (BASE, HEAD: JMH JSON files or run folders; PERCENT default 5; FILE from calibration --write-noise;"
      + " --paired: BASE and HEAD are the two sides of one interleaved run, fork k against fork k)";
  public static final double DEFAULT_THRESHOLD = 5;

  static CompareArguments parse(String... args) throws BadInputException {
    double threshold = DEFAULT_THRESHOLD;
    Path markdown = null;
    Path noise = null;
    boolean paired = false;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      switch (name) {
        case "-h", "--help" -> {
          return new CompareArguments(threshold, null, null, null, null, true, false);
        }
        case "--threshold" -> {
          String value = inline != null ? inline : next(args, ++i, "--threshold needs a percentage, e.g. 5");
          threshold = threshold(value);
        }
        case "--noise" -> {
          String value = inline != null ? inline : next(args, ++i, "--noise needs a noise floor file");
          noise = Path.of(value);
        }
        case "--paired" -> paired = true;
        case "--markdown" -> {
          String value = inline != null ? inline : next(args, ++i, "--markdown needs a file name");
          markdown = Path.of(value);
        }
        default -> {
          if (arg.startsWith("-") && arg.length() > 1) {
            throw new BadInputException(
                "unknown option '" + arg + "'; allowed: --threshold PERCENT, --noise FILE, --markdown FILE, --paired; " + USAGE);
          }
          files.add(arg);
        }
      }
    }
    if (files.size() != 2) {
      throw new BadInputException("expected BASE and HEAD, got " + files.size() + " file argument(s); " + USAGE);
    }
    return new CompareArguments(threshold, markdown, noise, Path.of(files.get(0)), Path.of(files.get(1)), false,
        paired);
  }

  private static String next(String[] args, int i, String problem) throws BadInputException {
    if (i >= args.length) {
      throw new BadInputException(problem + "; " + USAGE);
    }
    return args[i];
  }

  private static double threshold(String value) throws BadInputException {
    String number = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
    try {
      double t = Double.parseDouble(number);
      if (t >= 0 && t < 100) {
        return t;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new BadInputException("--threshold '" + value + "' is not a percentage from 0 to below 100, e.g. 5");
  }
}
