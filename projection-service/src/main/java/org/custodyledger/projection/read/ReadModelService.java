package org.custodyledger.projection.read;

import org.custodyledger.projection.Problem;
import org.custodyledger.projection.ProjectionConfig;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.consume.ProjectionProgress;
import org.custodyledger.projection.query.LedgerQueries;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.projection.write.ProjectionStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.custodyledger.ledger.FacilityView;
import org.custodyledger.ledger.OperationView;

/**
 * Answers reads: waits for the client's own write when asked, then queries the ledger tables at
 * the requested instant. Current facility and operation figures come from the tables the
 * projection refreshes in each unit of work.
 */
@ApplicationScoped
public class ReadModelService {
    private final AgroalDataSource dataSource;
    private final ProjectionStore store;
    private final ProjectionProgress progress;
    private final ProjectionConfig config;
    private final AttestedRead attested;

    public ReadModelService(AgroalDataSource dataSource, ProjectionStore store, ProjectionProgress progress, ProjectionConfig config,
                            AttestedRead attested) {
        this.dataSource = dataSource;
        this.store = store;
        this.progress = progress;
        this.config = config;
        this.attested = attested;
    }

    interface Read<T> {
        T run(LedgerQueries queries, Instant t, Connection c) throws SQLException;
    }

    /** Answers already computed at this projection position: polls between two units of work cost no query. */
    private record CacheKey(long generation, String position, String request, Instant asOf) {
    }

    /** A tenth of the shipped heap (112 MB) at most for remembered answers. */
    private final AnswerCache<CacheKey> answers = new AnswerCache<>(12L * 1024 * 1024);

    /**
     * Answers a read, remembering the answer for this request at the current
     * position. The position is taken before the query, so a remembered answer is never older
     * than its key; any unit of work (or replay switch) moves the key on. Answers are not mutated.
     */
    /** Runs the driver's abort of a connection whose network timeout passed. */
    private static final java.util.concurrent.Executor NETWORK_TIMEOUTS = Runnable::run;

    @SuppressWarnings("unchecked")
    public <T> T read(ReadRequest request, String what, Read<T> read) {
        awaitWrite(request);
        if (io.quarkus.arc.Arc.container().requestContext().isActive() && attested.wanted()) {
            return query(request, read, true);
        }
        CacheKey key = new CacheKey(progress.generation(), progress.position(), what, request.asOf());
        Object known = answers.get(key);
        if (known != null) {
            return (T) known;
        }
        T answer = query(request, read, false);
        answers.put(key, answer);
        return answer;
    }

    /** With {@code attest}, also the log's trees in the answer's snapshot, for {@link Attestations}. */
    private <T> T query(ReadRequest request, Read<T> read, boolean attest) {
        Instant t = request.asOf() != null ? request.asOf() : ReadModels.CURRENT;
        int timeout = (int) config.projection().readTimeout().toMillis();
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            // A database that stops answering (a frozen host) ends the read within the timeout,
            // on the client side; one that answers slowly cancels the statement on its side.
            c.setNetworkTimeout(NETWORK_TIMEOUTS, timeout);
            // One snapshot of the database for the whole answer, even while a unit of work commits.
            // Schema, snapshot and timeout in one round trip, with no session setting for the pool
            // to undo (setTransactionIsolation and its reset on return were two more per read).
            s.execute("SET search_path TO " + Schemas.LIVE + "; START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                    + "SET LOCAL statement_timeout TO " + timeout);
            try {
                T answer = read.run(new LedgerQueries(c, t), t, c);
                if (attest) {
                    attested.trees(org.custodyledger.projection.query.LogTrees.trees(c));
                }
                return answer;
            } finally {
                s.execute("ROLLBACK");
                c.setNetworkTimeout(NETWORK_TIMEOUTS, 0);
            }
        } catch (SQLException | IllegalStateException e) {
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Read models unavailable",
                    "PostgreSQL did not answer (" + e.getMessage() + "); retry shortly.");
        }
    }

    public List<FacilityView> facilities(LedgerQueries queries, Instant t, Connection c, List<String> ids) throws SQLException {
        if (!t.equals(ReadModels.CURRENT)) {
            return queries.facilities(ids);
        }
        String sql = "SELECT view::text FROM facility_current" + (ids == null ? "" : " WHERE facility_id = ANY (?)")
                + " ORDER BY facility_id";
        return Sql.list(c, sql, r -> read(r.getString(1), FacilityView.class), ids == null ? new Object[0] : new Object[] {ids});
    }

    public List<OperationView> operations(LedgerQueries queries, Instant t, Connection c, String id) throws SQLException {
        if (!t.equals(ReadModels.CURRENT)) {
            return id == null ? queries.operations() : queries.operation(id).stream().toList();
        }
        String sql = "SELECT view::text FROM operation_current" + (id == null ? "" : " WHERE operation_id = ?")
                + " ORDER BY operation_id";
        return Sql.list(c, sql, r -> read(r.getString(1), OperationView.class), id == null ? new Object[0] : new Object[] {id});
    }

    /** Records the projection could not apply. */
    List<org.custodyledger.projection.write.ProjectionStore.RejectedRecord> rejectedRecords() {
        return bookkeeping(() -> store.rejectedRecords(Schemas.LIVE));
    }

    /** Records the projection needed that the log no longer holds. */
    List<org.custodyledger.projection.write.ProjectionStore.GapRecord> logGaps() {
        return bookkeeping(() -> store.logGaps(Schemas.LIVE));
    }

    private interface StoreRead<T> {
        T get() throws SQLException;
    }

    /** The projection's own bookkeeping as JSON, or 503 when PostgreSQL does not answer. */
    private static <T> T bookkeeping(StoreRead<T> read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Read models unavailable",
                    "PostgreSQL did not answer (" + e.getMessage() + "); retry shortly.");
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return org.custodyledger.events.EventJson.mapper().readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored view unreadable", e);
        }
    }

    private void awaitWrite(ReadRequest request) {
        if (request.token() == null) {
            return;
        }
        try {
            if (!progress.awaitCovers(request.token(), config.projection().consistencyWait())) {
                throw Problem.of(Response.Status.GATEWAY_TIMEOUT, "not-yet-visible", "Write not yet visible",
                        "The projection has not applied " + request.token() + " within " + config.projection().consistencyWait().toSeconds()
                                + " s (it is at " + progress.position() + ", lag " + progress.lag() + "). Retry the same read.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "interrupted", "Interrupted", "Retry the read.");
        }
    }

}
