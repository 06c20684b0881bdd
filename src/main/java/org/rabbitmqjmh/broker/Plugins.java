package org.rabbitmqjmh.broker;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The plugins a node this process started was asked to enable beyond rabbitmq_prometheus: enabling one
 * takes a few seconds, so each is enabled when a trial first needs it, once.
 */
final class Plugins {

    private final Set<String> enabled = new TreeSet<>();

    /** Enables, with {@code enable} (the node's rabbitmq-plugins enable), those of {@code needed} not yet on. */
    synchronized void enable(Collection<Listener> needed, Consumer<List<String>> enable) {
        List<String> missing = needed.stream()
                .flatMap(l -> l.plugin().stream())
                .distinct()
                .filter(p -> !enabled.contains(p))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            enable.accept(missing);
            enabled.addAll(missing);
        }
    }

    synchronized Set<String> enabled() {
        return Set.copyOf(enabled);
    }
}
