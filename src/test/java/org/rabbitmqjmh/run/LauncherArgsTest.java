package org.rabbitmqjmh.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's own flags, and what the head side of an interleaved run gets besides its code. */
class LauncherArgsTest {

    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    @Test
    void theHeadsChangesAreTakenOutAndTheRestIsJmhs() {
        LauncherArgs a = LauncherArgs.parse(new String[] {
            "PublishBenchmark",
            "-f",
            "6",
            "--against",
            "/tmp/base.jar",
            "--head-property",
            "rabbitmqjmh.slowdown.ns=10",
            "--head-jvm-args",
            "-Xbatch",
            "--head-jvm-args",
            "-XX:+AlwaysPreTouch -Xms1g",
            "--head-jvm",
            JAVA,
            "--head-firehose"
        });
        assertThat(a.jmh()).containsExactly("PublishBenchmark", "-f", "6");
        assertThat(a.head().properties()).containsExactly("rabbitmqjmh.slowdown.ns=10");
        assertThat(a.head().jvmArgs()).isEqualTo("-Xbatch -XX:+AlwaysPreTouch -Xms1g");
        assertThat(a.head().jvm()).isEqualTo(JAVA);
        assertThat(a.head().firehose()).isTrue();
        assertThat(a.head().describe())
                .isEqualTo("--head-property rabbitmqjmh.slowdown.ns=10 --head-jvm-args "
                        + "'-Xbatch -XX:+AlwaysPreTouch -Xms1g' --head-jvm " + JAVA + " --head-firehose");
    }

    @Test
    void theHeadsJvmOptionsGoAfterThePassesAndTheSharedPassIsLeftAlone() {
        JmhArgs pass = JmhArgs.parse(List.of("PublishBenchmark", "-jvmArgsAppend", "-Xmx2g", "-f", "3"));
        HeadChanges head = new HeadChanges(List.of(), "-Xbatch", JAVA, false, 0, "");
        JmhArgs headPass = head.applyTo(pass);
        assertThat(headPass.value("-jvmArgsAppend")).isEqualTo("-Xmx2g -Xbatch");
        assertThat(headPass.value("-jvm")).isEqualTo(JAVA);
        assertThat(headPass.value("-f")).isEqualTo("3");
        // The base runs the same pass object: it must not have picked up the head's options.
        assertThat(pass.value("-jvmArgsAppend")).isEqualTo("-Xmx2g");
        assertThat(pass.has("-jvm")).isFalse();
        assertThat(HeadChanges.NONE.applyTo(pass).toList()).isEqualTo(pass.toList());
    }

    @Test
    void badHeadChangesAreRefusedWithOneLine() {
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--head-firehose"}))
                .hasMessage(
                        "--head-property, --head-jvm-args, --head-jvm, --head-firehose, --head-cluster, --head-image and --duet need --against BASE_JAR");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--against", "b.jar", "--head-jvm", "/no/java"}))
                .hasMessage(
                        "--head-jvm /no/java is not an executable java binary; give one such as /usr/lib/jvm/JDK/bin/java");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--against", "b.jar", "--head-jvm-args", "Xbatch"}))
                .hasMessage(
                        "--head-jvm-args 'Xbatch' is not JVM options; say --head-jvm-args \"-Xbatch -XX:+AlwaysPreTouch\"");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--against", "b.jar", "--head-jvm-args"}))
                .hasMessageStartingWith("--head-jvm-args needs a value: ");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--against", "b.jar", "--head-property", "x"}))
                .hasMessage("--head-property x is not NAME=VALUE (a system property of the head's forks)");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"--against", "b.jar", "--head-cluster", "9"}))
                .hasMessage(
                        "--head-cluster 9 is not a node count; allowed: 1 to 7 (the head's own private nodes, joined)");
        assertThatThrownBy(() -> LauncherArgs.parse(
                        new String[] {"--against", "b.jar", "--head-cluster", "3", "--head-firehose"}))
                .hasMessageStartingWith("--head-firehose does not go with --head-cluster or --head-image");
    }

    @Test
    void aHeadClusterGivesTheHeadABrokerOfItsOwn() {
        HeadChanges head = LauncherArgs.parse(new String[] {"--against", "b.jar", "--head-cluster", "3"})
                .head();
        assertThat(head.ownBroker()).isTrue();
        assertThat(head.cluster()).isEqualTo(3);
        assertThat(head.describe()).isEqualTo("--head-cluster 3");
        assertThat(HeadChanges.NONE.ownBroker()).isFalse();
    }
}
