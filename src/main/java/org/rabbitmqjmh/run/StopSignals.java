package org.rabbitmqjmh.run;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as a request to stop the run, not to die. The JVM's default answer, running the
 * shutdown hooks and exiting, tears the broker down under a JMH runner that goes on starting forks
 * (each failing on "connection refused") and writes no result of the trials that finished. Here the
 * first signal instead: says so in one line, makes every JVM this launcher started (the JMH fork in
 * flight, or a side's launcher of an interleaved run) stop, and leaves a flag the run loop and
 * {@link TrialFailures} read, so that no further fork starts. The launcher's main thread then writes what
 * finished, stops the broker and removes its files like at the end of any run, and exits 128 + signal
 * number, as a shell reports a process the signal ended. A second signal gets the JVM's own handler
 * back: the way out should a stop itself hang (the shutdown hooks stop the node and delete the queues).
 *
 * <p>sun.misc.Signal (module jdk.unsupported) is the only way a Java program can handle a signal
 * without entering the JVM's shutdown; it has been there, unchanged, since Java 1.2.
 */
public final class StopSignals {

    private static final AtomicReference<Signal> RECEIVED = new AtomicReference<>();
    /** The JVM's own handlers, which run the shutdown hooks and exit: what a second signal gets. */
    private static final Map<String, sun.misc.SignalHandler> JVM_HANDLERS = new ConcurrentHashMap<>();

    private StopSignals() {}

    /** Installs the handlers; {@code err} gets the one line. Safe to call more than once. */
    public static void install(PrintStream err) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.SignalHandler previous = Signal.handle(new Signal(name), s -> onSignal(s, err));
                JVM_HANDLERS.putIfAbsent(name, previous);
            } catch (IllegalArgumentException notOnThisOs) {
                // a platform without the signal (or a JVM started with -Xrs): the default stays
            }
        }
    }

    private static void onSignal(Signal s, PrintStream err) {
        if (!RECEIVED.compareAndSet(null, s)) {
            return;
        }
        JVM_HANDLERS.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
        err.println("stopping: SIG" + s.getName() + " received; no new trial starts, the one running is stopped, "
                + "finished trials are kept (a second signal ends the launcher at once)");
        stopChildJvms();
    }

    /**
     * SIGTERM to every JVM this process started: the JMH fork, which then runs its shutdown hooks (its
     * queues are deleted, engine.Topology) and exits; or a side's launcher, which stops like this one. The
     * broker node is not a JVM and stays until the launcher closes it.
     */
    private static void stopChildJvms() {
        ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .forEach(ProcessHandle::destroy);
    }

    /** The signal that asked the run to stop, if one did: "SIGINT" or "SIGTERM". */
    public static Optional<String> received() {
        return Optional.ofNullable(RECEIVED.get()).map(s -> "SIG" + s.getName());
    }

    public static boolean stopping() {
        return RECEIVED.get() != null;
    }

    /** The exit status a shell gives a process this signal ended: 128 + its number. */
    public static int exitStatus() {
        Signal s = RECEIVED.get();
        return s == null ? 0 : 128 + s.getNumber();
    }
}
