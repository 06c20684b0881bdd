package org.rabbitmqjmh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.rabbitmqjmh.run.ParamValidation;

/**
 * Every parameter of every benchmark refuses a bad value before any fork, in the launcher's check
 * ({@link ParamValidation}): a number field refuses a negative number and a word, a text field a word it
 * does not know. The list is read from JMH's own benchmark list, so a parameter added later is covered
 * without touching this test; one whose bad value passes fails it. (That the launcher turns the refusal
 * into one line and exit 2 before a broker starts is ParamValidationTest's.)
 */
@Tag("faults")
class EveryParamTest {

    /** Parameters for which any value of the kind is allowed, with the reason. None so far. */
    static final List<String> ANY_VALUE = List.of();

    static Stream<Arguments> everyParameter() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (BenchmarkListEntry e : entries()) {
            Class<?> type = Class.forName(e.getUserClassQName());
            for (String name : e.getParams().orElse(Map.of()).keySet()) {
                Field f = type.getField(name);
                String bench = e.getUsername();
                if (f.getType() == String.class) {
                    out.add(Arguments.of(bench, name, "bogus"));
                } else {
                    out.add(Arguments.of(bench, name, "-1"));
                    out.add(Arguments.of(bench, name, "abc"));
                }
            }
        }
        return out.stream();
    }

    private static List<BenchmarkListEntry> entries() {
        return List.copyOf(BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of()));
    }

    @Test
    void theListCoversEveryBenchmark() throws Exception {
        assertThat(entries()).hasSizeGreaterThanOrEqualTo(9);
        assertThat(everyParameter()).hasSizeGreaterThanOrEqualTo(50);
    }

    @ParameterizedTest(name = "{0} -p {1}={2}")
    @MethodSource("everyParameter")
    void aBadValueIsRefusedNamingTheValueAndWhatIsAllowed(String benchmark, String param, String bad) throws Exception {
        if (ANY_VALUE.contains(benchmark + "." + param)) {
            return;
        }
        CommandLineOptions o = new CommandLineOptions("^" + Pattern.quote(benchmark) + "$", "-p", param + "=" + bad);
        Throwable refused = catchThrowable(() -> ParamValidation.check(o));
        assertThat(refused)
                .as("-p %s=%s passed the check of %s", param, bad, benchmark)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        bad.equals("abc") ? "-p " + param + "=abc is not a whole number" : param + "=" + bad)
                .satisfies(t -> assertThat(t.getMessage())
                        .as("says what is allowed")
                        .containsAnyOf("allowed", "whole number", "at least", "at most"))
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"));
    }
}
