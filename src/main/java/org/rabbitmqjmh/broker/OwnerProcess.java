package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process named by its pid and start time ("pid startMillis"), so a pid the kernel reused for another
 * process is not mistaken for it: how a node's directory and a container name the run that owns them.
 */
final class OwnerProcess {

  private OwnerProcess() {
  }

  static String identity(ProcessHandle p) {
    return p.pid() + " " + p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L) + "\n";
  }

  /** The process named in a file, if it still runs and is the same process. */
  static Optional<ProcessHandle> alive(Path file) {
    try {
      return alive(Files.readString(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The process an {@link #identity} names, if it still runs and is the same process. */
  static Optional<ProcessHandle> alive(String identity) {
    try {
      String[] parts = identity.trim().split("\\s+");
      long pid = Long.parseLong(parts[0]);
      long started = parts.length > 1 ? Long.parseLong(parts[1]) : -1;
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> started < 0
          || p.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - started) < 2_000).orElse(true));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).trim().split("\\s+")[0]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
