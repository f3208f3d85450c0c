package org.custodyledger.projection.derive;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.PopulationCheck;
import org.custodyledger.projection.Sql;
import org.custodyledger.projection.query.LedgerQueries;

/**
 * A facility's population anomalies by the pure {@link PopulationCheck}, walked over its censuses
 * and ledger entries in the database from the earliest instant a unit changed (or over the whole
 * history after registration), starting from the population just before it: one indexed sum, then
 * the steps from there in event-time order, a page at a time, so neither time nor memory grows with
 * the facility's history when only its recent end changed.
 */
final class PopulationAnomalies {
    private final Connection c;
    private final DerivedAnomalies anomalies;
    private final int historyPage;

    PopulationAnomalies(Connection c, DerivedAnomalies anomalies, int historyPage) {
        this.c = c;
        this.anomalies = anomalies;
        this.historyPage = historyPage;
    }

    void check(String facilityId, LedgerQueries.Registration reg, Instant since) throws SQLException {
        String owner = "population/" + facilityId;
        PopulationCheck.Walk walk;
        Instant at;
        UUID id;
        String after; // the first page's bound: strictly after the registration, or from `since` on
        if (!since.isAfter(reg.occurredAt())) { // the whole history, or from before the registration: the whole history
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ?", owner);
            walk = new PopulationCheck.Walk(facilityId, reg.capacity(), null);
            at = reg.occurredAt();
            id = reg.eventId();
            after = ">";
        } else {
            Sql.update(c, "DELETE FROM derived_anomaly WHERE owner = ? AND occurred_at >= ?", owner, since);
            walk = new PopulationCheck.Walk(facilityId, reg.capacity(), populationBefore(facilityId, reg, since));
            at = since;
            id = new UUID(0, 0); // the smallest eventId: every step at `since` is included
            after = ">=";
        }
        List<Anomaly> found = new ArrayList<>();
        while (true) {
            List<PopulationCheck.Step> page = Sql.list(c, "SELECT * FROM (SELECT event_id, occurred_at, population, 0 AS delta, "
                    + "NULL AS transfer_id FROM census x WHERE facility_id = ? AND (occurred_at, event_id) > (?, ?) AND "
                    + "(occurred_at, event_id) " + after + " (?, ?) AND" + Sql.notRetracted("x")
                    + " UNION ALL SELECT event_id, occurred_at, NULL, delta, transfer_id FROM ledger_entry "
                    + "WHERE facility_id = ? AND (occurred_at, event_id) " + after + " (?, ?)) h "
                    + "ORDER BY occurred_at, event_id LIMIT " + historyPage, r -> step(r, "facility/" + facilityId),
                    facilityId, reg.occurredAt(), reg.eventId(), at, id, facilityId, at, id);
            for (PopulationCheck.Step step : page) {
                walk.step(step, found::add);
                at = step.occurredAt();
                id = step.eventId();
            }
            anomalies.add(owner, found);
            found.clear();
            if (page.size() < historyPage) {
                return;
            }
            after = ">";
        }
    }

    /** The population just before {@code since}: the last census before it plus the entries after that census; null if none. */
    private Long populationBefore(String facilityId, LedgerQueries.Registration reg, Instant since) throws SQLException {
        List<Long> population = Sql.list(c, "SELECT x.population + entry_sum(x.facility_id, x.occurred_at, x.event_id, ?, false) "
                + "FROM census x WHERE x.facility_id = ? AND (x.occurred_at, x.event_id) > (?, ?) AND x.occurred_at < ? AND"
                + Sql.notRetracted("x") + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1",
                r -> r.getLong(1), since, facilityId, reg.occurredAt(), reg.eventId(), since);
        return population.isEmpty() ? null : population.get(0);
    }

    /** A census (subject: the facility) or a ledger entry (subject: its transfer). */
    private static PopulationCheck.Step step(java.sql.ResultSet r, String facilityOwner) throws SQLException {
        String transferId = r.getString("transfer_id");
        Integer population = Sql.integer(r, "population");
        return new PopulationCheck.Step(r.getObject("event_id", UUID.class), Sql.instant(r, "occurred_at"),
                transferId == null ? facilityOwner : "transfer/" + transferId, population, r.getInt("delta"));
    }
}
