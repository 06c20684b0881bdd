package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One masking rule for every shape a credential may come in: the secret never survives it. */
class UrisTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "amqp://bob:s3cret@host:5672/%2F | s3cret | amqp://bob@host:5672/%2F",
                "amqp://bob:p@ss@host:5672/%2F | p@ss | amqp://bob@host:5672/%2F",
                "amqp://bob:pa ss@host:5672/%2F | pa ss | amqp://bob@host:5672/%2F",
                "amqp://bob:p%40ss@host/%2F | p%40ss | amqp://bob@host/%2F",
                "amqp://bob:p@ss w%rd@host | p@ss w%rd | amqp://bob@host",
                "x:secret@h | secret | x@h",
                "'x:sec ret@h' | sec ret | 'x@h'",
                "http://guest:secret@x | secret | http://guest@x",
                "amqps://u:a/b:c@h:5671 | a/b:c | amqps://u@h:5671",
                "amqp://a:one@h1:5672,amqp://b:two@h2:5672 | one | amqp://a@h1:5672,amqp://b@h2:5672",
                "failed for amqps://x:y1@h/v and amqp://guest:gu3st@localhost | gu3st | failed for amqps://x@h/v and amqp://guest@localhost",
                "Illegal character in authority at index 7: amqp://u:p@ss w%rd@h:5672/%2F | ss w%rd | Illegal character in authority at index 7: amqp://u@h:5672/%2F",
            })
    void theSecretIsGoneWhateverTheShape(String text, String secret, String masked) {
        String out = Uris.mask(text);
        assertThat(out).doesNotContain(secret).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "amqp://bob:p@ss@host:5672/%2F | p@ss",
                "amqp://bob:pa ss@host:5672/%2F | pa ss",
                "x:secret@h | secret",
                "amqp//u:secret@h | secret",
                "http://guest:secret@x | secret",
                "amqp://u:secret@ | secret",
                "'amqp://u:sec\nret@127.0.0.1:1/%2F' | ret@",
            })
    void aRefusedUriIsEchoedWithoutItsSecret(String value, String secret) {
        Throwable t = catchThrowable(() -> Uris.parse(value, "-Drabbitmq.uri"));
        String message = t == null ? "" : t.getMessage();
        assertThat(message).doesNotContain(secret).doesNotContain("\n");
    }

    @Test
    void aPasswordWithALineBreakIsMaskedOnTheLineThatShowsAndHostsAndPortsAreLeftAlone() {
        String cut = Uris.mask("invalid broker URI in --uri: 'amqp://u:sec\nret@127.0.0.1:1/%2F'");
        assertThat(cut.lines().findFirst().orElseThrow()).doesNotContain("sec").contains("amqp://u");
        assertThat(Uris.mask("amqp://u:sec")).isEqualTo("amqp://u");
        assertThat(Uris.mask("cannot reach amqp://host:5672/%2F")).isEqualTo("cannot reach amqp://host:5672/%2F");
        assertThat(Uris.mask("amqp://[::1]:5672/%2F")).isEqualTo("amqp://[::1]:5672/%2F");
    }

    @Test
    void anAlreadyMaskedMessageKeepsItsShapeWhenMaskedAgain() {
        // The programs mask every message they print, some of them masked already by Uris.parse.
        String once = catchThrowable(() -> Uris.parse("amqp://u:p@ss w%rd@127.0.0.1:5672/%2F", "--uri"))
                .getMessage();
        assertThat(Uris.mask(once))
                .startsWith("invalid broker URI in --uri: 'amqp://u@127.0.0.1:5672/%2F'; expected amqp://")
                .doesNotContain("ss w");
        String noScheme =
                catchThrowable(() -> Uris.parse("x:secret@h", "--uri")).getMessage();
        assertThat(Uris.mask(noScheme))
                .startsWith("invalid broker URI in --uri: 'x@h'")
                .doesNotContain("secret");
    }
}
