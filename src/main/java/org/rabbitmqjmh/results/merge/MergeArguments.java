package org.rabbitmqjmh.results.merge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rabbitmqjmh.results.BadInputException;

/** The command line of {@code WorkerMerge}, checked: every mistake is a {@link BadInputException} naming it. */
record MergeArguments(Path out, List<Path> folders, boolean help) {

  static final String USAGE = "usage: WorkerMerge [--out DIR] WORKER_DIR...  (WORKER_DIR: one worker's run folder,"
      + " one for each worker of the run; DIR default results/workers-<run id>)";

  static MergeArguments parse(String... args) throws BadInputException {
    Path out = null;
    List<Path> folders = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      switch (name) {
        case "-h", "--help" -> {
          return new MergeArguments(null, List.of(), true);
        }
        case "--out" -> {
          if (inline == null && i + 1 >= args.length) {
            throw new BadInputException("--out needs a folder; " + USAGE);
          }
          out = Path.of(inline != null ? inline : args[++i]);
        }
        default -> {
          if (arg.startsWith("-") && arg.length() > 1) {
            throw new BadInputException("unknown option '" + arg + "'; allowed: --out DIR; " + USAGE);
          }
          folders.add(Path.of(arg));
        }
      }
    }
    if (folders.isEmpty()) {
      throw new BadInputException("no worker folder given; " + USAGE);
    }
    return new MergeArguments(out, List.copyOf(folders), false);
  }
}
