package org.rabbitmqjmh.results.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The machine a run was made on, as far as its numbers depend on it: a history holds the records of one
 * fingerprint only, because this suite's numbers do not travel (the quick profile read against results
 * made on another machine said −50% unary, −33% window, −21% in-memory; issue #16).
 *
 * <p>The kernel build is part of it: on the same VM type, two hosts of 3 December (kernel builds
 * fc-v1045 and fc-v1147) gave the unary row's broker 69 and 142 µs of CPU per message, and the in-memory
 * row's CPU per message a fork-to-fork spread of 1.8% and 6.9–13.3% (results/gate/README.md). Memory is
 * rounded to whole GiB, so that the few MiB a kernel keeps differently do not split a history. The
 * amqp-client version and the suite's commit are not part of it: they are what a history is about.
 */
public record Fingerprint(
        String cpuModel,
        String cores,
        String memoryGib,
        String os,
        String jdk,
        String brokerSource,
        String brokerVersion,
        String cpus) {

    /** From a run folder's {@code environment.properties}; a field it lacks is "unknown". */
    public static Fingerprint of(Properties env) {
        String memory = env.getProperty("memory.total.bytes");
        String gib;
        try {
            gib = memory == null
                    ? "unknown"
                    : Long.toString(Math.round(Long.parseLong(memory) / (1024.0 * 1024 * 1024)));
        } catch (NumberFormatException e) {
            gib = "unknown";
        }
        return new Fingerprint(
                get(env, "cpu.model"),
                get(env, "cores"),
                gib,
                get(env, "os"),
                get(env, "jdk"),
                get(env, "broker.source"),
                get(env, "broker.version"),
                get(env, "cpus"));
    }

    private static String get(Properties env, String key) {
        String v = env.getProperty(key);
        return v == null || v.isBlank() ? "unknown" : v.trim();
    }

    /** The fields by name, in a fixed order: what a record stores and a refusal lists. */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cpu.model", cpuModel);
        f.put("cores", cores);
        f.put("memory.gib", memoryGib);
        f.put("os", os);
        f.put("jdk", jdk);
        f.put("broker.source", brokerSource);
        f.put("broker.version", brokerVersion);
        f.put("cpus", cpus);
        return f;
    }

    public static Fingerprint of(Map<String, String> fields) {
        return new Fingerprint(
                fields.getOrDefault("cpu.model", "unknown"),
                fields.getOrDefault("cores", "unknown"),
                fields.getOrDefault("memory.gib", "unknown"),
                fields.getOrDefault("os", "unknown"),
                fields.getOrDefault("jdk", "unknown"),
                fields.getOrDefault("broker.source", "unknown"),
                fields.getOrDefault("broker.version", "unknown"),
                fields.getOrDefault("cpus", "unknown"));
    }

    /** Twelve hex digits of SHA-256 over the fields: the history folder's name for this machine. */
    public String id() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(fields().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code cores: 2 vs 4; os: Linux 6.1 vs Linux 6.8} (this machine first): what tells two apart, in one line. */
    public String differences(Fingerprint other) {
        List<String> diff = new ArrayList<>();
        Map<String, String> theirs = other.fields();
        fields().forEach((k, v) -> {
            if (!v.equals(theirs.get(k))) {
                diff.add(k + ": " + v + " vs " + theirs.get(k));
            }
        });
        return String.join("; ", diff);
    }

    /** One line for a reader: {@code AMD EPYC, 2 cores, 24 GiB, Linux 6.18.44-fc-v1252, JDK 17.0.15, RabbitMQ 3.10.8 (local)}. */
    public String describe() {
        return cpuModel + ", " + cores + " cores, " + memoryGib + " GiB, " + os + ", " + jdk + ", RabbitMQ "
                + brokerVersion + " (" + brokerSource + "), " + cpus;
    }
}
