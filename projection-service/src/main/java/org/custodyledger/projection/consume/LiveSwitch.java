package org.custodyledger.projection.consume;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coordinates the live consumer with a replay's switch: the consumer applies each unit of work
 * under this lock, so holding it pauses the live projection between units; after a switch the
 * consumer is told to reload its positions from the (new) live schema.
 */
@ApplicationScoped
public class LiveSwitch {
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean reload;

    public ReentrantLock lock() {
        return lock;
    }

    public void requestReload() {
        reload = true;
    }

    /** True once after a switch. */
    public boolean takeReload() {
        boolean was = reload;
        reload = false;
        return was;
    }
}
