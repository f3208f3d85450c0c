package org.custodyledger.projection.consume;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.derive.Changes;
import org.custodyledger.projection.push.ChangeFeed;
import org.custodyledger.projection.write.ProjectionStore;
import org.jboss.logging.Logger;

/**
 * On an instance that does not apply the log: the positions the applier committed, published here
 * once everything before them is derived (no derivation pending), so reads and consistencyToken
 * waits behave as on the applier; and a change notice for /stream with the facilities and
 * operations the new records touched (all of them past {@link #MOST_RECORDS}, so no subscriber
 * misses one). A replay switched by the applier renames schemas, so the live one is then another
 * schema (another oid): the follower counts that as models replaced, and its cached answers and
 * ETags of the same position are no longer served.
 */
@ApplicationScoped
public class StandbyFollower {
    private static final Logger LOG = Logger.getLogger(StandbyFollower.class);
    static final int MOST_RECORDS = 5_000;

    private final AgroalDataSource dataSource;
    private final ProjectionProgress progress;
    private final ChangeFeed feed;
    private final LogHealth health;
    private Map<Integer, Long> followed = Map.of();
    private long liveSchema = -1;
    private boolean saidFailure;

    StandbyFollower(AgroalDataSource dataSource, ProjectionProgress progress, ChangeFeed feed, LogHealth health) {
        this.dataSource = dataSource;
        this.progress = progress;
        this.feed = feed;
        this.health = health;
    }

    public void follow() {
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // positions and pending derivations of one commit
            long schema = Sql.list(c, "SELECT oid::bigint FROM pg_namespace WHERE nspname = ?", r -> r.getLong(1), Schemas.LIVE).get(0);
            Map<Integer, Long> positions = ProjectionStore.positions(c);
            // Published only once everything before the positions is derived.
            boolean moved = ProjectionStore.pendingDerivations(c) == 0 && !positions.equals(followed);
            Changes changes = moved ? touched(c, followed, positions) : Changes.NONE;
            c.commit();
            progress.running(true);
            health.advanced(); // the applier's stalls are its readiness's to report
            if (liveSchema != -1 && schema != liveSchema) {
                progress.modelsReplaced();
                LOG.info("the applier switched the read models (a replay); answers are read afresh");
            }
            liveSchema = schema;
            saidFailure = false;
            if (moved) {
                followed = positions;
                progress.advanced(positions);
                feed.publish(changes, progress.position());
            }
        } catch (SQLException | RuntimeException e) {
            progress.running(false);
            health.failed("following the applier's positions: " + e);
            if (!saidFailure) {
                LOG.warnf("cannot read the applier's positions (%s); reads here stay at position %s", e.toString(), progress.position());
                saidFailure = true;
            }
        }
    }

    /** The facilities and operations of the records between two positions. */
    static Changes touched(Connection c, Map<Integer, Long> from, Map<Integer, Long> to) throws SQLException {
        Set<String> facilities = new HashSet<>();
        Set<String> operations = new HashSet<>();
        int transfers = 0;
        boolean statements = false;
        long records = 0;
        for (var p : to.entrySet()) {
            records += p.getValue() - from.getOrDefault(p.getKey(), 0L);
        }
        if (records > MOST_RECORDS) {
            facilities.addAll(Sql.list(c, "SELECT facility_id FROM facility_current", r -> r.getString(1)));
            operations.addAll(Sql.list(c, "SELECT operation_id FROM operation_current", r -> r.getString(1)));
            return new Changes(facilities, operations, (int) Math.min(Integer.MAX_VALUE, records), true);
        }
        for (var p : to.entrySet()) {
            for (String[] row : Sql.list(c, "SELECT a.type, a.envelope->'data'->>'facilityId', a.envelope->'data'->>'operationId', "
                    + "t.from_facility_id, t.to_facility_id, t.operation_id FROM applied_event a LEFT JOIN transfer t ON t.transfer_id = a.transfer_id "
                    + "WHERE a.kafka_partition = ? AND a.kafka_offset >= ? AND a.kafka_offset < ?", r -> new String[] {r.getString(1), r.getString(2),
                    r.getString(3), r.getString(4), r.getString(5), r.getString(6)}, p.getKey(), from.getOrDefault(p.getKey(), 0L), p.getValue())) {
                for (int i : new int[] {1, 3, 4}) {
                    if (row[i] != null) {
                        facilities.add(row[i]);
                    }
                }
                for (int i : new int[] {2, 5}) {
                    if (row[i] != null) {
                        operations.add(row[i]);
                    }
                }
                transfers += row[3] != null ? 1 : 0;
                statements |= "StatementRecorded".equals(row[0]) || "EventRetracted".equals(row[0]);
            }
        }
        return new Changes(facilities, operations, transfers, statements);
    }
}
