package org.jdrand.crypto.testing;

import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand; shared through crypto's test-jar. */
public final class MutableClock implements InstantSource {
    private volatile long millis;

    public MutableClock(long millis) {
        this.millis = millis;
    }

    public static MutableClock atSeconds(long unixSeconds) {
        return new MutableClock(unixSeconds * 1000);
    }

    public void setMillis(long millis) {
        this.millis = millis;
    }

    public void setSeconds(long unixSeconds) {
        this.millis = unixSeconds * 1000;
    }

    public void advanceMillis(long delta) {
        this.millis += delta;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
