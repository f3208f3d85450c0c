package org.custodyledger.projection.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custodyledger.events.Claim;
import org.custodyledger.ledger.ClaimEvidence;
import org.custodyledger.projection.Sql;

/**
 * {@link ClaimEvidence} from the fact tables, a page at a time in its order: completed transfers
 * for a transferred total; a facility's latest census and its ledger entries after it for people
 * held. For a claim naming a cohort or nationality the counts are the matching lines' (the SQL
 * repeats {@code Breakdowns.Line.matches}); ProjectionMatchesFoldIT holds it equal to the rule.
 */
public final class EvidenceQueries {
    private EvidenceQueries() {
    }

    private static String matches(Claim claim, String cohort, String nationality, List<Object> parameters) {
        return LineMatch.sql(claim.cohort(), claim.nationality(), cohort, nationality, parameters);
    }

    /** @param after the last item of the previous page, or null */
    public static List<ClaimEvidence.Item> page(Connection c, Claim claim, Instant asOf, LedgerQueries facts, ClaimEvidence.Item after, int limit)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String items;
        if (claim.metric() == Claim.Metric.TRANSFERRED_TOTAL) {
            String count = "t.received_count";
            if (claim.narrowed()) {
                count = "COALESCE((SELECT SUM(l.received) FROM transfer_line l WHERE l.transfer_id = t.transfer_id AND l.received IS NOT NULL AND "
                        + matches(claim, "l.cohort", "l.nationality", parameters) + "), 0)";
            }
            String scope;
            if (claim.operationId() != null) {
                scope = "t.operation_id = ?";
                parameters.add(claim.operationId());
            } else {
                scope = "t.to_facility_id = ANY (?)";
                parameters.add(org.custodyledger.ledger.ClaimChecks.facilitiesOf(claim, facts));
            }
            items = "SELECT 'RECEIVED' AS kind, t.finished_event_id AS event_id, t.finished_at AS at, t.to_facility_id AS facility_id, "
                    + "t.transfer_id, " + count + " AS count FROM transfer t WHERE " + scope
                    + " AND t.initiated_at <= ? AND t.outcome = 'COMPLETED' AND t.finished_at <= ?";
            parameters.addAll(List.of(asOf, asOf));
        } else {
            String censusCount = "cen.population";
            String entryCount = "e.delta";
            List<Object> censusParameters = new ArrayList<>();
            List<Object> entryParameters = new ArrayList<>();
            if (claim.narrowed()) {
                censusCount = "COALESCE((SELECT SUM((j->>'count')::bigint) FROM jsonb_array_elements(cen.breakdown) j WHERE "
                        + matches(claim, "(j->>'cohort')", "(j->>'nationality')", censusParameters) + "), 0)";
                entryCount = "COALESCE((SELECT SUM(CASE WHEN e.event_id = t.initiated_event_id THEN -l.initiated WHEN t.outcome = 'COMPLETED' "
                        + "THEN l.received ELSE l.initiated END) FROM transfer t JOIN transfer_line l ON l.transfer_id = t.transfer_id "
                        + "WHERE t.transfer_id = e.transfer_id AND " + matches(claim, "l.cohort", "l.nationality", entryParameters) + "), 0)";
            }
            String sinceRegistration = "(x.occurred_at, x.event_id) > (reg.occurred_at, reg.event_id) AND x.occurred_at <= ? AND" + Sql.notRetracted("x");
            items = "SELECT kind, event_id, at, facility_id, transfer_id, count FROM (WITH reg AS (" + LedgerQueries.FIRST_REGISTRATIONS
                    + " AND facility_id = ANY (?) ORDER BY facility_id, occurred_at, event_id), "
                    + "cen AS (SELECT c.* FROM reg JOIN LATERAL (SELECT x.facility_id, x.occurred_at, x.event_id, x.population, x.breakdown FROM census x "
                    + "WHERE x.facility_id = reg.facility_id AND " + sinceRegistration + " ORDER BY x.occurred_at DESC, x.event_id DESC LIMIT 1) c ON true) "
                    + "SELECT 'CENSUS' AS kind, cen.event_id, cen.occurred_at AS at, cen.facility_id, NULL::text AS transfer_id, " + censusCount + " AS count FROM cen "
                    + "UNION ALL SELECT 'ENTRY', e.event_id, e.occurred_at, e.facility_id, e.transfer_id, " + entryCount + " FROM cen JOIN ledger_entry e "
                    + "ON e.facility_id = cen.facility_id AND (e.occurred_at, e.event_id) > (cen.occurred_at, cen.event_id) AND e.occurred_at <= ?) held";
            parameters.add(asOf);
            parameters.add(org.custodyledger.ledger.ClaimChecks.facilitiesOf(claim, facts));
            parameters.add(asOf);
            parameters.addAll(censusParameters);
            parameters.addAll(entryParameters);
            parameters.add(asOf);
        }
        String sql = "SELECT * FROM (" + items + ") i" + (after == null ? "" : " WHERE (i.at, i.event_id, i.facility_id COLLATE \"C\") > (?, ?, ?)")
                + " ORDER BY i.at, i.event_id, i.facility_id COLLATE \"C\" LIMIT ?";
        if (after != null) {
            parameters.addAll(List.of(after.occurredAt(), after.eventId(), after.facilityId()));
        }
        parameters.add(limit);
        return Sql.list(c, sql, r -> new ClaimEvidence.Item(r.getString("kind"), r.getObject("event_id", UUID.class), Sql.instant(r, "at"),
                r.getString("facility_id"), r.getString("transfer_id"), r.getLong("count")), parameters.toArray());
    }
}
