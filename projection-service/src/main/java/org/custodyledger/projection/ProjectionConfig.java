package org.custodyledger.projection;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Typed view of the {@code ledger.*} section of application.properties. */
@ConfigMapping(prefix = "ledger")
public interface ProjectionConfig {
    Topic topic();

    Projection projection();

    interface Topic {
        String name();
    }

    interface Projection {
        int maxPollRecords();

        Duration consistencyWait();

        /** Rows of a facility's history read per query when checking its population (memory stays one page). */
        @io.smallrye.config.WithDefault("10000")
        int historyPage();
    }
}
