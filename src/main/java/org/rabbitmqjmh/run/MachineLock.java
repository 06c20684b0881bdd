package org.rabbitmqjmh.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One measuring launcher per machine: two runs at once would measure each other. Taken before a broker
 * starts, held until the run ends (the kernel drops it when the process dies, however it dies). A second
 * launcher waits for it as long as {@code -Drabbitmqjmh.lock.wait=SECONDS} says (0 by default), then
 * refuses in one line naming the holder's pid. The launchers an interleaved run starts for its sides run
 * under their parent's lock, and JMH's own machine-wide lock, which would stop a launcher only after its
 * broker started, is left to this one. {@code RABBITMQJMH_LOCK=off} (the test suite's setting) skips it.
 */
public final class MachineLock implements AutoCloseable {

    public static final String WAIT = "rabbitmqjmh.lock.wait";
    /** Set by a launcher for the side launchers it starts: they run under its lock. */
    public static final String HELD_BY_PARENT = "rabbitmqjmh.lock.parent";

    public static final String ENV = "RABBITMQJMH_LOCK";

    private final FileChannel channel;
    private final FileLock lock;

    private MachineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path file() {
        return Path.of(System.getProperty("java.io.tmpdir"), "rabbitmq-jmh.lock");
    }

    /** The lock, or none where it is off or a parent holds it; one line (IllegalStateException) when taken. */
    public static MachineLock take(PrintStream err) throws IOException {
        // Ours replaces JMH's: its lock would only be tried once a broker had started.
        System.setProperty("jmh.ignoreLock", "true");
        if ("off".equalsIgnoreCase(System.getenv(ENV)) || System.getProperty(HELD_BY_PARENT) != null) {
            return new MachineLock(null, null);
        }
        Duration wait = Duration.ofSeconds(Long.getLong(WAIT, 0));
        Path file = file();
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("cannot open the machine's run lock " + file + " (another user's run holds "
                    + "it?); two runs at once on one machine measure each other");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        boolean said = false;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                channel.truncate(0);
                channel.write(
                        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                // Forwarded (a rabbitmqjmh. property) to the side launchers of an interleaved run.
                System.setProperty(
                        HELD_BY_PARENT, Long.toString(ProcessHandle.current().pid()));
                return new MachineLock(channel, lock);
            }
            String holder = holder(file);
            if (System.nanoTime() >= deadline) {
                channel.close();
                throw new IllegalStateException(
                        "another benchmark run (pid " + holder + ") is measuring on this machine; "
                                + "two at once would measure each other: wait for it to end, or give -D" + WAIT
                                + "=SECONDS to wait");
            }
            if (!said) {
                err.println("waiting for the benchmark run of pid " + holder + " to end (-D" + WAIT + ")");
                said = true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
                throw new IllegalStateException("interrupted while waiting for the benchmark run of pid " + holder);
            }
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file).strip();
            return pid.matches("\\d+") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
                channel.close();
            }
        } catch (IOException e) {
            // the kernel releases it with the process
        }
    }
}
