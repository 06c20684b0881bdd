package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The CPU lists the threads of a process may run on, as /proc says: one entry when they all agree. */
final class ThreadCpus {

    private ThreadCpus() {}

    static Set<String> of(long pid) throws IOException {
        Set<String> lists = new TreeSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    Files.readAllLines(task.resolve("status")).stream()
                            .filter(l -> l.startsWith("Cpus_allowed_list:"))
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .forEach(lists::add);
                } catch (IOException threadEnded) {
                    // a thread that ended since the listing
                }
            }
        }
        return lists;
    }
}
