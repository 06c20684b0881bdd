package org.rabbitmqjmh.engine;

/**
 * A share of a publisher's messages spread evenly by id: every {@code every}-th id (the last of each run
 * of {@code every}), so a consumer knows from an id alone whether the share picked it. 0 picks none.
 */
public record Share(int every) {

    public static final Share NONE = new Share(0);

    public Share {
        if (every < 0) {
            throw new IllegalArgumentException(
                    "one message in " + every + " is not possible; allowed: 0 (none) or more");
        }
    }

    /** A share in percent that divides 100 (0, 1, 2, 4, 5, 10, 20, 25, 50, 100), as the param {@code name} gives it. */
    public static Share ofPercent(int percent, String name) {
        if (percent == 0) {
            return NONE;
        }
        if (percent < 0 || percent > 100 || 100 % percent != 0) {
            throw new IllegalArgumentException(name + " " + percent + " is not a share this suite can spread evenly; "
                    + "allowed: 0, 1, 2, 4, 5, 10, 20, 25, 50, 100 (percent)");
        }
        return new Share(100 / percent);
    }

    public boolean any() {
        return every > 0;
    }

    public boolean picks(long id) {
        return every > 0 && Math.floorMod(id, every) == every - 1;
    }

    /** How many of {@code n} consecutive ids starting at a multiple of {@code every} it picks. */
    public long countIn(long n) {
        return every > 0 ? n / every : 0;
    }
}
