package org.jdrand.client;

import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand. */
final class MutableClock implements InstantSource {
    private volatile long millis;

    MutableClock(long millis) {
        this.millis = millis;
    }

    static MutableClock atSeconds(long unixSeconds) {
        return new MutableClock(unixSeconds * 1000);
    }

    void setSeconds(long s) {
        this.millis = s * 1000;
    }

    void advanceMillis(long delta) {
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
