package org.custodyledger.projection.derive;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.projection.CopyRows;

/**
 * Rows for {@code derived_anomaly}, each under the owner whose derivation found it, copied in
 * batches: each owner's old rows are deleted before, so order within a batch does not matter.
 */
public final class DerivedAnomalies {
    private final Connection c;
    private final CopyRows rows = new CopyRows("derived_anomaly");

    public DerivedAnomalies(Connection c) {
        this.c = c;
    }

    public void add(String owner, List<Anomaly> anomalies) throws SQLException {
        for (Anomaly a : anomalies) {
            rows.add(c, owner, a.kind().name(), a.eventId(), a.occurredAt(), a.subject(), a.detail());
        }
    }

    public void flush() throws SQLException {
        rows.send(c);
    }
}
