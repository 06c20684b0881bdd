package org.rabbitmqjmh.broker;

/**
 * A broker this process started stops once: on {@link #run()} (its close), or from a shutdown hook when
 * the JVM ends first (Ctrl-C, SIGTERM). A SIGKILL runs no hook: the node's watchdog covers that.
 */
final class StopOnExit {

    private final Runnable stop;
    private final Thread hook;
    private boolean done;

    StopOnExit(String name, Runnable stop) {
        this.stop = stop;
        this.hook = new Thread(this::once, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Stops now, once, and lets go of the hook. */
    void run() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it does the same stop.
        }
        once();
    }

    private synchronized void once() {
        if (!done) {
            done = true;
            stop.run();
        }
    }
}
