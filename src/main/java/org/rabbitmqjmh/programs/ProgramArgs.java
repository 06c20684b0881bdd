package org.rabbitmqjmh.programs;

import joptsimple.OptionSet;

/** A program's arguments as parsed against its declared options ({@link ProgramOptions}). */
final class ProgramArgs {

    private final OptionSet set;

    ProgramArgs(OptionSet set) {
        this.set = set;
    }

    /** Whether the user gave the option (a flag, or an option with its value). */
    boolean has(ProgramOptions.Option<?> option) {
        return option.given(set);
    }

    /** The option's value, checked against its declaration; its default when not given. */
    <T> T get(ProgramOptions.Option<T> option) {
        return option.value(set);
    }
}
