package org.rabbitmqjmh.broker;

/**
 * A broker this process started and can run {@code rabbitmqctl} against (the private node, the
 * container): what may be read from or changed on it is said once here, how to reach it by each kind.
 */
interface ControlledBroker extends Broker {

    /** Runs rabbitmqctl with these arguments against this broker and returns its output. */
    String rabbitmqctl(String... args);

    @Override
    default long memoryUsedBytes() {
        // The figure the memory monitor compares with the watermark (RSS by default), not erlang:memory().
        String out =
                rabbitmqctl("eval", "vm_memory_monitor:get_process_memory().").strip();
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            throw new BrokerException("unexpected answer from rabbitmqctl eval for the broker's memory: " + out);
        }
    }

    @Override
    default void setMemoryWatermark(long bytes) {
        rabbitmqctl("set_vm_memory_high_watermark", "absolute", Long.toString(bytes));
    }

    @Override
    default boolean startQuorumLogAfresh() {
        // Every node of a cluster: each has its own log.
        rabbitmqctl("eval", "rpc:multicall(ra_log_wal, force_roll_over, [ra_log_wal]).");
        return true;
    }

    @Override
    default void setFirehose(boolean on) {
        rabbitmqctl(on ? "trace_on" : "trace_off", "-p", Uris.vhost(uri()));
    }
}
