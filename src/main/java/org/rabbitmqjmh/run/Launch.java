package org.rabbitmqjmh.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rabbitmqjmh.broker.Broker;

/**
 * What a run has once its broker is up: every step after that ({@link PassesRun}, {@link AgainstRun})
 * reads from here.
 *
 * @param cores the machine's CPUs, read before the launcher pinned itself to the benchmark's share
 * @param environment lines for environment.properties that only the launcher knows (a worker's index)
 */
public record Launch(
        LauncherArgs launcher,
        List<JmhArgs> passes,
        RunPlan plan,
        Path runDir,
        Path uriFile,
        List<String> witnesses,
        Broker broker,
        CpuSplit cpus,
        Map<String, String> environment,
        int cores) {}
