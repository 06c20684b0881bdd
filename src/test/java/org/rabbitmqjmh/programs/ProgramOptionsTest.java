package org.rabbitmqjmh.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Options declared once: the help shows the defaults the code uses, and every mistake names the option. */
class ProgramOptionsTest {

    private final ProgramOptions options = new ProgramOptions("usage: Test [options]");
    private final ProgramOptions.Option<Integer> threads = options.integer("threads", "worker threads", 1, 1, 1024);
    private final ProgramOptions.Option<String> mode = options.choice("mode", "1 or 2", "2", Set.of("1", "2"));
    private final ProgramOptions.Option<String> queue = options.queueName("queue", "queue name", "q");
    private final ProgramOptions.Option<String> uri = options.text("uri", "broker URI (default: the suite's)", null);
    private final ProgramOptions.Option<Boolean> header = options.flag("header", "print a header");

    @Test
    void valuesAreCheckedAndDefaultsComeFromTheDeclaration() {
        ProgramArgs a = options.parse(new String[] {"--threads", "4", "--mode=1", "--header"});
        assertThat(a.get(threads)).isEqualTo(4);
        assertThat(a.get(mode)).isEqualTo("1");
        assertThat(a.get(queue)).isEqualTo("q");
        assertThat(a.get(uri)).isNull();
        assertThat(a.has(uri)).isFalse();
        assertThat(a.get(header)).isTrue();
        ProgramArgs none = options.parse(new String[0]);
        assertThat(none.get(threads)).isEqualTo(1);
        assertThat(none.get(header)).isFalse();
        assertThat(options.help())
                .contains(
                        "--threads",
                        "worker threads (default 1)",
                        "1 or 2 (default 2)",
                        "broker URI (default: the suite's)\n")
                .doesNotContain("(default null)", "print a header (default");
    }

    @Test
    void everyMistakeIsOneLineNamingTheOptionAndWhatIsAllowed() {
        assertThatThrownBy(() -> options.parse(new String[] {"--thread", "4"}))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --thread; allowed: --threads, --mode, --queue, --uri, --header");
        assertThatThrownBy(() -> options.parse(new String[] {"--threads"}))
                .hasMessage("option --threads needs a value: " + "worker threads");
        assertThatThrownBy(() -> options.parse(new String[] {"--threads", "0"}).get(threads))
                .hasMessage("--threads 0 is out of range; allowed: 1..1024");
        assertThatThrownBy(
                        () -> options.parse(new String[] {"--threads", "four"}).get(threads))
                .hasMessage("--threads must be a whole number, not 'four'; allowed: 1..1024");
        assertThatThrownBy(() -> options.parse(new String[] {"--mode", "3"}).get(mode))
                .hasMessage("--mode '3' is not allowed; allowed: 1, 2");
        assertThatThrownBy(() -> options.parse(new String[] {"--queue", " "}).get(queue))
                .hasMessageContaining("--queue is empty");
        assertThatThrownBy(() -> options.parse(new String[] {"--threads", "4", "--threads", "5"}))
                .hasMessage("--threads is given 2 times; give it once");
        assertThatThrownBy(() -> options.parse(new String[] {"--threads", "--mode", "1"}))
                .hasMessage("option --threads needs a value: worker threads (got the option --mode)");
        assertThatThrownBy(() -> options.parse(new String[] {"-x"}))
                .hasMessageStartingWith("unknown option -x; allowed:");
        assertThatThrownBy(() -> options.parse(new String[] {"4"}))
                .hasMessage("unexpected argument '4'; options look like --name value (see --help)");
    }
}
