package org.custodyledger.ingest;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one source of "now" for recordedAt, so tests can substitute it. */
public class Clocks {
    @Produces
    @Singleton
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
