package org.custodyledger.projection.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.custodyledger.ledger.FacilityView;
import org.custodyledger.ledger.LedgerDigest;
import org.custodyledger.ledger.OperationView;
import org.custodyledger.ledger.StatementView;
import org.custodyledger.ledger.TransferView;
import org.custodyledger.projection.Sql;

/**
 * The digest of every read model at an instant ({@link LedgerDigest}), streamed into the hash:
 * transfers and anomalies by cursor, statements a page at a time, the small maps whole, so memory
 * stays that of a page however long the log.
 */
final class StreamedDigest {
    private final LedgerQueries queries;
    private final Connection c;
    private final Instant t;
    private final DigestPace pace;

    StreamedDigest(LedgerQueries queries, Connection c, Instant t, DigestPace pace) {
        this.queries = queries;
        this.c = c;
        this.t = t;
        this.pace = pace;
    }

    String compute() throws SQLException {
        LedgerDigest.Writer digest = new LedgerDigest.Writer();
        digest.startList("anomalies");
        Sql.stream(c, "SELECT * FROM derived_anomaly WHERE occurred_at <= ? ORDER BY " + LedgerQueries.ANOMALY_ORDER,
                r -> {
                    digest.element(LedgerQueries.anomaly(r));
                    pace.worked();
                }, t);
        digest.end(false);
        List<FacilityView> facilities = queries.facilities(null);
        pace.worked();
        LedgerQueries.CustodyTotals custody = queries.custody(facilities);
        digest.map("byCountry", custody.byCountry());
        digest.map("byCustodian", custody.byCustodian());
        Map<String, FacilityView> byId = new java.util.TreeMap<>();
        facilities.forEach(f -> byId.put(f.facilityId(), f));
        digest.map("facilities", byId);
        digest.value("inTransit", custody.inTransit());
        Map<String, OperationView> operations = new java.util.TreeMap<>();
        queries.operations().forEach(o -> operations.put(o.operationId(), o));
        digest.map("operations", operations);
        digest.startList("statements");
        List<String> after = null;
        int pageSize = pace.paced() ? 50 : 500; // each statement's claims are checked: a page is work to pace
        while (true) {
            List<StatementView> page = queries.statements(after, pageSize);
            page.forEach(digest::element);
            pace.worked();
            if (page.size() < pageSize) {
                break;
            }
            StatementView last = page.get(page.size() - 1);
            after = List.of(last.occurredAt().toString(), last.eventId().toString());
        }
        digest.end(false);
        digest.startMap("transfers");
        Sql.stream(c, "SELECT * FROM transfer WHERE initiated_at <= ? ORDER BY transfer_id COLLATE \"C\"", r -> {
            TransferView v = LedgerQueries.resolvedTransfer(r).viewAt(t);
            digest.entry(v.transferId(), v);
            pace.worked();
        }, t);
        digest.end(true);
        return digest.finish();
    }
}
