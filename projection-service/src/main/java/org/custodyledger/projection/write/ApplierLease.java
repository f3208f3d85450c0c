package org.custodyledger.projection.write;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;

/**
 * Exactly one projection instance applies the log; the others serve reads from the same read
 * models. Which one is settled by the database, twice over:
 * <ul>
 * <li>a session-level advisory lock, held on a connection of its own by the applier: when that
 * process dies (kill -9, a lost node), PostgreSQL ends its session and frees the lock, and the
 * next instance that tries takes it;</li>
 * <li>a fencing epoch in {@code projection_audit.applier}, bumped by each instance that takes the
 * lock. Every unit of work reads it {@code FOR SHARE} in its own transaction and is refused
 * ({@link NotTheApplier}) unless it is the epoch its instance took. The bump waits for units
 * holding the row, so an old applier's unit either commits before the new one reads the positions,
 * or is refused: never both writing.</li>
 * </ul>
 */
@ApplicationScoped
public class ApplierLease {
    /** The advisory lock's key (per database): "custody ledger applier" in a bigint. */
    static final long LOCK = 0x6c65646765726170L;

    /** A unit of work whose instance no longer holds the lease: nothing of it was committed. */
    public static final class NotTheApplier extends SQLException {
        NotTheApplier(long mine, long now, String holder) {
            super("this instance applied the log as epoch " + mine + ", but " + holder + " took over as epoch " + now
                    + "; the unit is refused and this instance serves reads only", "LDG01");
        }
    }

    /** Who holds the lease, as the table says. */
    public record Holder(long epoch, String holder, java.time.Instant since) {
    }

    private final javax.sql.DataSource dataSource;
    private final String name;
    private Connection lock;
    private volatile long epoch = -1;

    @jakarta.inject.Inject
    ApplierLease(AgroalDataSource dataSource) {
        this(dataSource, instanceName());
    }

    public ApplierLease(javax.sql.DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    /** This instance, as the table and the logs name it: host and process. */
    static String instanceName() {
        return System.getenv().getOrDefault("HOSTNAME", "localhost") + " pid " + ProcessHandle.current().pid();
    }

    public String name() {
        return name;
    }

    /** Takes the lease if nobody holds it: the new epoch, or empty (another instance applies). */
    public synchronized Optional<Long> tryAcquire() throws SQLException {
        if (held()) {
            return Optional.of(epoch);
        }
        release();
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            if (!Sql.list(c, "SELECT pg_try_advisory_lock(?)", r -> r.getBoolean(1), LOCK).get(0)) {
                c.close();
                return Optional.empty();
            }
            long taken = Sql.list(c, "UPDATE " + Schemas.AUDIT + ".applier SET epoch = epoch + 1, holder = ?, since = now() WHERE id = 1 RETURNING epoch",
                    r -> r.getLong(1), name).get(0);
            lock = c;
            epoch = taken;
            return Optional.of(taken);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Whether this instance still holds the lock: its session is alive. */
    public synchronized boolean held() {
        try {
            return lock != null && lock.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The epoch this instance took; -1 when it holds none. */
    public long epoch() {
        return epoch;
    }

    /**
     * Whether this instance took the lease and has not given it up: no database round trip, so
     * readiness, metrics and admin checks may ask often. The consumer finds a lost session within
     * a second ({@link #held}); until then any unit it tries is refused by {@link #check}.
     */
    public boolean applier() {
        return epoch >= 0;
    }

    /** In a unit's transaction: refused unless this instance's epoch is still the current one. */
    public void check(Connection c) throws SQLException {
        Holder now = holder(c, true);
        if (now.epoch() != epoch || epoch < 0) {
            throw new NotTheApplier(epoch, now.epoch(), now.holder());
        }
    }

    /** The current holder; with {@code share}, the row is held until the transaction ends. */
    public static Holder holder(Connection c, boolean share) throws SQLException {
        return Sql.list(c, "SELECT epoch, holder, since FROM " + Schemas.AUDIT + ".applier WHERE id = 1" + (share ? " FOR SHARE" : ""),
                r -> new Holder(r.getLong(1), r.getString(2), Sql.instant(r, "since"))).get(0);
    }

    public Holder holder() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return holder(c, false);
        }
    }

    /** Gives the lease up (at shutdown, or once refused): another instance may take it at once. */
    public synchronized void release() {
        epoch = -1;
        if (lock != null) {
            try (Connection c = lock) {
                if (c.isValid(1)) {
                    Sql.list(c, "SELECT pg_advisory_unlock(?)", r -> r.getBoolean(1), LOCK);
                }
            } catch (SQLException e) {
                // The session is gone, and with it the lock.
            }
            lock = null;
        }
    }
}
