package org.rabbitmqjmh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A run's owner is named so that neither a reused pid nor a stepped wall clock misleads the next run. */
class OwnerProcessTest {

    private static final ProcessHandle SELF = ProcessHandle.current();

    @Test
    void aLiveProcessIsRecognisedByItsStartInTicksSinceBoot() {
        String identity = OwnerProcess.identity(SELF);
        assertThat(identity).matches(SELF.pid() + " t\\d+\\n");
        assertThat(OwnerProcess.alive(identity)).contains(SELF);
    }

    @Test
    void thePidOfAnotherStartIsNotTheOwner() {
        long ticks = OwnerProcess.startTicks(SELF.pid()).orElseThrow();
        assertThat(OwnerProcess.alive(SELF.pid() + " t" + (ticks + 1))).isEmpty();
        assertThat(OwnerProcess.alive("999999999 t" + ticks)).isEmpty();
    }

    @Test
    void theEarlierFormatInMillisIsStillRead() {
        long millis = SELF.info().startInstant().orElseThrow().toEpochMilli();
        assertThat(OwnerProcess.alive(SELF.pid() + " " + millis)).contains(SELF);
        assertThat(OwnerProcess.alive(SELF.pid() + " " + (millis - 3_600_000))).isEmpty();
    }
}
