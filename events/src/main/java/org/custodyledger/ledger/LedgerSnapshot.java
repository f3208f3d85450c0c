package org.custodyledger.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Every read model at one instant, as the fold computed it; maps are sorted by key. */
public record LedgerSnapshot(Instant asOf, Map<String, FacilityView> facilities, Map<String, OperationView> operations,
                             Map<String, TransferView> transfers, List<StatementView> statements,
                             Map<String, CustodyTotal> byCustodian, Map<String, CustodyTotal> byCountry,
                             long inTransit, List<Anomaly> anomalies, Breakdowns.Snapshot breakdowns) {
}
