package org.rabbitmqjmh.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rabbitmqjmh.JavaProcess;
import org.rabbitmqjmh.TestBroker;
import org.rabbitmqjmh.engine.Connections;
import org.rabbitmqjmh.engine.SocketIo;
import org.rabbitmqjmh.engine.Topology;

/** The experiment's programs as a user runs them: arguments in, CSV on stdout, summary on stderr. */
class ProducerConsumerTest {

    private static Connection admin;

    @BeforeAll
    static void connect() {
        admin = Connections.open(TestBroker.uri(), SocketIo.CLASSIC, "programs-test");
    }

    @AfterAll
    static void disconnect() {
        Connections.closeQuietly(admin);
    }

    record Out(int exit, String stdout, String stderr) {}

    static Out producer(String... args) {
        return run(true, args);
    }

    static Out consumer(String... args) {
        return run(false, args);
    }

    private static Out run(boolean producer, String... args) {
        return run(producer, new ByteArrayOutputStream(), args);
    }

    private static Out run(boolean producer, OutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = producer ? Producer.run(args, o, e) : Consumer.run(args, o, e);
        return new Out(code, out.toString(), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<Long, long[]> rows(String csv) {
        Map<Long, long[]> m = new HashMap<>();
        for (String line : csv.strip().split("\n")) {
            String[] f = line.split(",", -1);
            assertThat(f).as("row '%s'", line).hasSize(3);
            long[] t = {Long.parseLong(f[1]), f[2].isEmpty() ? -1 : Long.parseLong(f[2])};
            assertThat(m.put(Long.parseLong(f[0]), t))
                    .as("duplicate id %s", f[0])
                    .isNull();
        }
        return m;
    }

    @Test
    void atLeastOnceProducerThenConsumerDeliverEveryIdAndTheirCsvsJoin() {
        String q = Topology.uniqueName("experiment");
        String uri = TestBroker.uri().toString();
        try {
            Out p = producer(
                    "--threads",
                    "4",
                    "--count",
                    "5000",
                    "--mode",
                    "2",
                    "--batch",
                    "100",
                    "--queue",
                    q,
                    "--uri",
                    uri,
                    "--size",
                    "64");
            assertThat(p.exit()).as(p.stderr()).isZero();
            Out c = consumer(
                    "--threads", "2", "--count", "20000", "--mode", "2", "--batch", "100", "--queue", q, "--uri", uri);
            assertThat(c.exit()).as(c.stderr()).isZero();

            Map<Long, long[]> sent = rows(p.stdout());
            Map<Long, long[]> received = rows(c.stdout());
            assertThat(sent).hasSize(20_000);
            assertThat(received.keySet()).isEqualTo(sent.keySet());
            sent.forEach(
                    (id, t) -> assertThat(t[1]).as("acked >= sent for %d", id).isGreaterThanOrEqualTo(t[0]));
            received.forEach((id, t) -> {
                assertThat(t[1]).as("acked >= received for %d", id).isGreaterThanOrEqualTo(t[0]);
                assertThat(t[0] - sent.get(id)[0])
                        .as("end-to-end latency of %d", id)
                        .isNotNegative();
            });
            assertThat(p.stderr())
                    .contains("producer: 20000 messages")
                    .contains("confirmed 20000, nacked 0, returned 0")
                    .contains("p99.9");
            assertThat(c.stderr()).contains("consumer: 20000 messages").contains("duplicates 0, missing 0");
        } finally {
            Topology.delete(admin, q);
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {0, 1, 100})
    void everyBatchSizeDeliversEveryMessage(int batch) {
        String q = Topology.uniqueName("batch");
        String uri = TestBroker.uri().toString();
        try {
            Out p = producer(
                    "--count", "1000", "--batch", Integer.toString(batch), "--queue", q, "--uri", uri, "--header");
            assertThat(p.exit()).as(p.stderr()).isZero();
            assertThat(p.stdout()).startsWith("id,sent,acked\n");
            Out c = consumer("--count", "1000", "--batch", Integer.toString(batch), "--queue", q, "--uri", uri);
            assertThat(c.exit()).as(c.stderr()).isZero();
            assertThat(rows(c.stdout())).hasSize(1000);
        } finally {
            Topology.delete(admin, q);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "blocking-handoff", "callback", "worker-pool"})
    void threeConsumersSharingOneCountTakeEveryMessageOnceInEachStyle(String style) {
        String q = Topology.uniqueName("shared-" + style);
        String uri = TestBroker.uri().toString();
        try {
            Out p = producer("--count", "3000", "--batch", "100", "--queue", q, "--uri", uri);
            assertThat(p.exit()).as(p.stderr()).isZero();
            Out c = consumer(
                    "--threads",
                    "3",
                    "--count",
                    "3000",
                    "--batch",
                    style.equals("worker-pool") ? "0" : "50",
                    "--style",
                    style,
                    "--queue",
                    q,
                    "--uri",
                    uri);
            assertThat(c.exit()).as(c.stderr()).isZero();
            assertThat(rows(c.stdout())).hasSize(3000);
            assertThat(c.stderr()).contains("duplicates 0, missing 0");
        } finally {
            Topology.delete(admin, q);
        }
    }

    @Test
    void atMostOnceModeRunsAndReportsWhatItSent() {
        String q = Topology.uniqueName("mode1");
        String uri = TestBroker.uri().toString();
        try {
            Out p = producer("--mode", "1", "--threads", "2", "--count", "3000", "--queue", q, "--uri", uri);
            assertThat(p.exit()).as(p.stderr()).isZero();
            assertThat(p.stderr()).contains("producer: 6000 messages").contains("confirm latency n/a (mode 1)");
            Map<Long, long[]> sent = rows(p.stdout());
            assertThat(sent).hasSize(6000);
            assertThat(sent.values()).allSatisfy(t -> assertThat(t[1]).isEqualTo(-1));
            Out c = consumer("--mode", "1", "--count", "6000", "--queue", q, "--uri", uri, "--style", "polling");
            assertThat(c.exit()).as(c.stderr()).isZero();
            assertThat(rows(c.stdout())).hasSize(6000);
        } finally {
            Topology.delete(admin, q);
        }
    }

    @Test
    void badArgumentsGetOneLineAndExitCode2BeforeAnyBrokerIsTouched() {
        List<String[]> bad = List.of(
                new String[] {"--speed", "9"},
                new String[] {"--size", "big"},
                new String[] {"--size", "-5"},
                new String[] {"--count", "-1"},
                new String[] {"--threads", "0"},
                new String[] {"--mode", "3"},
                new String[] {"--size"},
                new String[] {"--socket-io", "nio"});
        for (String[] args : bad) {
            Out p = producer(args);
            assertThat(p.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(p.stderr().strip().lines()).as(p.stderr()).hasSize(1);
            assertThat(p.stderr())
                    .startsWith("producer: ")
                    .containsAnyOf("allowed", "needs a value")
                    .doesNotContain("Exception");
            assertThat(p.stdout()).isEmpty();
        }
        Out c = consumer("--mode", "3");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.stderr()).isEqualTo("consumer: --mode '3' is not allowed; allowed: 1, 2\n");
        Out twice = producer("--count", "5", "--count", "6");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.stderr()).isEqualTo("producer: --count is given 2 times; give it once\n");
    }

    @Test
    void aMalformedUriIsAUsageErrorThatNamesItWithoutItsPasswordWhateverItsShape() {
        for (String[] bad : List.of(
                new String[] {"amqp://u:p@ss w%rd@127.0.0.1:5672/%2F", "ss w"},
                new String[] {"x:secret@h", "secret"},
                new String[] {"amqp://u:sec\nret@127.0.0.1:1/%2F", "sec"},
                new String[] {"http://u:secret@h/", "secret"})) {
            Out p = producer("--uri", bad[0], "--count", "1");
            assertThat(p.exit()).as(p.stderr()).isEqualTo(2);
            assertThat(p.stderr())
                    .as(bad[0])
                    .startsWith("producer: invalid broker URI in --uri: '")
                    .doesNotContain(bad[1])
                    .hasLineCount(1);
        }
    }

    @Test
    void runtimeFailuresGetOneLineAndExitCode1() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Out unreachable = producer("--host", "127.0.0.1", "--port", Integer.toString(closed), "--count", "1");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.stderr()).contains("connection refused").hasLineCount(1);

        String good = TestBroker.uri().toString();
        String wrongPassword = good.replaceFirst(":[^:@/]+@", ":wrong@");
        Out denied = consumer("--uri", wrongPassword, "--count", "1");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.stderr())
                .contains("refused the credentials")
                .doesNotContain("wrong@")
                .hasLineCount(1);

        Out refused = producer("--uri", good, "--queue", "amq.reserved", "--count", "1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.stderr())
                .contains("refused queue 'amq.reserved'")
                .contains("ACCESS_REFUSED")
                .hasLineCount(1);

        Out idle =
                consumer("--uri", good, "--queue", Topology.uniqueName("empty"), "--count", "3", "--idle-timeout", "1");
        assertThat(idle.exit()).isEqualTo(1);
        assertThat(idle.stderr()).contains("no message for 1 s: consumed 0 of 3");
    }

    @Test
    void aConsumerThatTimesOutStillPrintsARowForEveryMessageItHandled() {
        String queue = Topology.uniqueName("short");
        String uri = TestBroker.uri().toString();
        assertThat(producer("--uri", uri, "--queue", queue, "--count", "100").exit())
                .isZero();
        try {
            Out c = consumer("--uri", uri, "--queue", queue, "--count", "150", "--idle-timeout", "2");
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.stderr()).contains("no message for 2 s: consumed 100 of 150");
            assertThat(rows(c.stdout())).as("one CSV row per message consumed").hasSize(100);
        } finally {
            Topology.delete(admin, queue);
        }
    }

    @Test
    void aFlagTheProgramWouldIgnoreIsRefusedAndOddCredentialsAreUsedExactlyAndNeverPrinted() {
        // --user/--password without --host would run as someone else on the suite's own broker.
        Out alone = producer("--password", "WRONG", "--count", "1");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.stderr())
                .startsWith("producer: --user and --password go with --host")
                .hasLineCount(1);
        Out both = producer("--uri", TestBroker.uri().toString(), "--port", "1", "--count", "1");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.stderr()).contains("give either --uri or --host").hasLineCount(1);
        // A password with '@', a space and '%' is encoded into the URI, used as given (refused by the
        // broker, not mangled into another one) and printed nowhere.
        String odd = "p@ss w%rd";
        Out refused = producer(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(TestBroker.uri().getPort()),
                "--user",
                "nobody",
                "--password",
                odd,
                "--count",
                "1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.stderr())
                .contains("refused the credentials")
                .doesNotContain(odd)
                .doesNotContain("ss w%rd")
                .hasLineCount(1);
        Out longQueue = producer("--queue", "q".repeat(300), "--count", "1");
        assertThat(longQueue.exit()).isEqualTo(2);
        assertThat(longQueue.stderr())
                .isEqualTo("producer: --queue is 300 bytes long; a queue name is at most 255 bytes (UTF-8)\n");
    }

    @Test
    void aConsumerAskedForAHeaderPrintsItEvenWhenNoMessageCame() {
        Out idle = consumer(
                "--uri",
                TestBroker.uri().toString(),
                "--queue",
                Topology.uniqueName("empty"),
                "--count",
                "3",
                "--idle-timeout",
                "1",
                "--header");
        assertThat(idle.exit()).isEqualTo(1);
        assertThat(idle.stdout()).isEqualTo("id,received,acked\n");
    }

    /** A stdout whose reader has gone, as a closed pipe is to a JVM (which ignores SIGPIPE): every write fails. */
    static final class ClosedPipe extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
        }

        @Override
        public String toString() {
            return "";
        }
    }

    @Test
    void aProducerWhoseStdoutIsClosedSaysSoAndFails() throws Exception {
        String queue = Topology.uniqueName("closed-stdout");
        try {
            Out early = run(
                    true,
                    new ClosedPipe(),
                    "--uri",
                    TestBroker.uri().toString(),
                    "--queue",
                    queue,
                    "--count",
                    "500",
                    "--header");
            assertThat(early.exit()).isEqualTo(1);
            assertThat(early.stderr())
                    .isEqualTo(
                            "producer: cannot write the CSV to stdout: it is closed (did what reads it " + "end?)\n");
            try (var ch = admin.createChannel()) {
                assertThat(ch.queueDeclarePassive(queue).getMessageCount())
                        .as("published before the pipe was found closed")
                        .isZero();
            }
            Out late = run(
                    true, new ClosedPipe(), "--uri", TestBroker.uri().toString(), "--queue", queue, "--count", "500");
            assertThat(late.exit()).isEqualTo(1);
            assertThat(late.stderr())
                    .contains("producer: cannot write the CSV to stdout: it is closed or failing (500 rows " + "lost)")
                    .doesNotContain("\tat ");
        } finally {
            try (var ch = admin.createChannel()) {
                ch.queueDelete(queue);
            }
        }
    }

    @Test
    void asASeparateProcessABadRunEndsWithinTenSecondsWithoutAStackTrace() throws Exception {
        for (List<String> args : List.of(List.of("--mode", "3"), List.of("--uri", "amqp://u:p@127.0.0.1:1/%2F"))) {
            JavaProcess.Result r = JavaProcess.run(List.of(), Producer.class.getName(), args, Map.of(), 10);
            assertThat(r.exitCode()).isIn(1, 2);
            assertThat(r.stderr().strip().lines()).as(r.stderr()).hasSize(1);
            assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("u:p@");
            assertThat(r.millis()).isLessThan(10_000);
        }
    }
}
