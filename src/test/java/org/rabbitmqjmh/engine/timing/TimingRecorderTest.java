package org.rabbitmqjmh.engine.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rabbitmqjmh.engine.MessageCodec;
import org.rabbitmqjmh.engine.consume.IdLedger;

class TimingRecorderTest {

    @Test
    void keepsEveryRowWhileThereIsRoom() {
        TimingRecorder r = TimingRecorder.withCapacity(8);
        for (long s = 0; s < 8; s++) {
            r.first(s, 100 + s, 1_000 + s);
            r.second(s, 2_000 + s);
        }
        TimingRecorder.Rows rows = r.snapshot();
        assertThat(rows.size()).isEqualTo(8);
        assertThat(rows.sampleEvery()).isEqualTo(1);
        assertThat(rows.ids()).containsExactly(100, 101, 102, 103, 104, 105, 106, 107);
        assertThat(rows.seconds()[7]).isEqualTo(2_007);
    }

    @Test
    void samplesEveryKthMessageOnceFullAndSaysSo() {
        TimingRecorder r = TimingRecorder.withCapacity(4);
        for (long s = 0; s < 10; s++) {
            r.first(s, s, 1 + s);
            r.second(s, 100 + s);
        }
        TimingRecorder.Rows rows = r.snapshot();
        assertThat(rows.sampleEvery()).isEqualTo(4);
        assertThat(rows.ids()).containsExactly(0, 4, 8);
        assertThat(rows.firsts()).containsExactly(1, 5, 9);
        assertThat(rows.seconds()).containsExactly(100, 104, 108);
    }

    @Test
    void aMultipleCompletionFillsOnlyTheOpenRowsUpToItsMessage() {
        TimingRecorder r = TimingRecorder.withCapacity(8);
        for (long s = 0; s < 6; s++) {
            r.first(s, s, 10);
        }
        r.second(1, 50);
        r.secondUpTo(3, 70);
        TimingRecorder.Rows rows = r.snapshot();
        assertThat(rows.seconds()).containsExactly(70, 50, 70, 70, 0, 0);
    }

    @Test
    void anOffRecorderRecordsNothing() {
        TimingRecorder off = TimingRecorder.off();
        off.first(0, 1, 2);
        assertThat(off.snapshot().size()).isZero();
        assertThat(off.enabled()).isFalse();
    }

    @Test
    void theLedgerTellsDuplicatesAndMissingIds() {
        IdLedger l = new IdLedger(10, 5);
        assertThat(l.mark(10)).isTrue();
        assertThat(l.mark(12)).isTrue();
        assertThat(l.mark(12)).isFalse();
        assertThat(l.mark(99)).isFalse();
        assertThat(l.missing()).isEqualTo(3);
    }

    @Test
    void theCodecRoundTripsIdAndSendTime() {
        byte[] body = new byte[16];
        MessageCodec.write(body, -5L, Long.MAX_VALUE - 3);
        assertThat(MessageCodec.id(body)).isEqualTo(-5L);
        assertThat(MessageCodec.sentNanos(body)).isEqualTo(Long.MAX_VALUE - 3);
    }
}
