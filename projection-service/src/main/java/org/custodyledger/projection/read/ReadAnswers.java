package org.custodyledger.projection.read;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.custodyledger.events.EventJson;
import org.custodyledger.events.StatementRecorded;
import org.custodyledger.ledger.Anomaly;
import org.custodyledger.ledger.ClaimCheck;
import org.custodyledger.ledger.CustodyTotal;
import org.custodyledger.ledger.FacilityView;
import org.custodyledger.ledger.OperationView;
import org.custodyledger.ledger.StatementView;
import org.custodyledger.ledger.TransferView;
import org.custodyledger.projection.query.ReadModels;
import org.custodyledger.projection.write.ProjectionStore;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The read API's documents. Each answer is made from one of these records, and the OpenAPI
 * document shows the same records field by field, so what is served and what is published are
 * one definition (ContractIT validates real answers against the published schemas).
 */
public final class ReadAnswers {
    private ReadAnswers() {
    }

    static final String AS_OF = "The instant the answer is as of; null when it is the current state";
    static final String NEXT = "The cursor of the next page (pass it as after=); null on the last page";

    @Schema(name = "Custody", description = "Every facility with its population and net change, totals by custodian and by country, and the people in transit")
    public record Custody(@Schema(description = AS_OF, format = "date-time", nullable = true) String asOf,
                          List<FacilityView> facilities,
                          @Schema(description = "Per custodian (key: the custodian's name)") Collection<CustodyTotal> byCustodian,
                          @Schema(description = "Per country (key: ISO 3166-1 alpha-2)") Collection<CustodyTotal> byCountry,
                          @Schema(description = "People in transfers initiated and not yet finished") long inTransit) {
    }

    @Schema(name = "Operations", description = "Every operation's figures")
    public record Operations(@Schema(description = AS_OF, format = "date-time", nullable = true) String asOf, List<OperationView> operations) {
    }

    @Schema(name = "Transfers", description = "A page of transfers as they stand at asOf, by transferId")
    public record Transfers(@Schema(description = AS_OF, format = "date-time", nullable = true) String asOf, List<TransferView> transfers,
                            @Schema(description = NEXT, nullable = true) String nextCursor) {
    }

    @Schema(name = "RecordedStatement", description = "A statement as recorded, with who recorded it when",
            requiredProperties = {"eventId", "occurredAt", "recordedBy", "recordedAt"})
    public record RecordedStatement(@JsonUnwrapped StatementRecorded statement, UUID eventId, Instant occurredAt, String recordedBy,
                                    Instant recordedAt) {
    }

    @Schema(name = "Statements", description = "A page of statements in event-time order")
    public record Statements(@Schema(description = AS_OF, format = "date-time", nullable = true) String asOf, List<RecordedStatement> statements,
                             @Schema(description = NEXT, nullable = true) String nextCursor) {
    }

    @Schema(name = "ReconciledClaim", description = "One claim of a statement with the ledger's value, the verdict and why; "
            + "cohort and nationality only where the claim names them", requiredProperties = {"statementId", "claimIndex", "metric", "scope",
            "scopeId", "qualifier", "claimed", "asOf", "ledgerValue", "verdict", "why", "speaker", "organization"})
    public record ReconciledClaim(@JsonUnwrapped ClaimCheck check, String speaker, String organization) {
    }

    @Schema(name = "Reconciliation", description = "The claims of a page of statements, checked against the ledger")
    public record Reconciliation(@Schema(description = AS_OF, format = "date-time", nullable = true) String asOf, List<ReconciledClaim> claims,
                                 @Schema(description = NEXT, nullable = true) String nextCursor) {
    }

    @Schema(name = "Anomalies", description = "A page of anomalies in event-time order, with the records the projection could not apply and gaps in the log")
    public record Anomalies(@Schema(description = AS_OF, format = "date-time", nullable = true) String asOf, List<Anomaly> anomalies,
                            @Schema(description = "Records of the log the projection could not apply (also in the dead-letter topic)")
                            List<ProjectionStore.RejectedRecord> rejectedRecords,
                            @Schema(description = "Records the projection needed that the log no longer holds")
                            List<ProjectionStore.GapRecord> logGaps,
                            @Schema(description = NEXT, nullable = true) String nextCursor) {
    }

    @Schema(name = "FacilityHistory", description = "A page of the events that changed a facility's figures, in event-time order")
    public record FacilityHistory(String facilityId, List<org.custodyledger.projection.query.SubjectHistory.Entry> events,
                                  @Schema(description = NEXT, nullable = true) String nextCursor) {
    }

    @Schema(name = "OperationHistory", description = "A page of the events that changed an operation's figures, in event-time order")
    public record OperationHistory(String operationId, List<org.custodyledger.projection.query.SubjectHistory.Entry> events,
                                   @Schema(description = NEXT, nullable = true) String nextCursor) {
    }

    @Schema(name = "Flows", description = "People moved between each pair of groups over a window: received and lost at the completion "
            + "(the destination's group as it stood then, the origin's as at the initiation), cancelled at the cancellation")
    public record FlowsAnswer(@Schema(format = "date-time") String from, @Schema(format = "date-time", description = "Exclusive") String to,
                              @Schema(enumeration = {"country", "custodian", "facility"}) String by,
                              @Schema(nullable = true, description = "Only the people of this nationality, as the transfers' breakdowns state it") String nationality,
                              @Schema(nullable = true, description = "Only the people of this cohort, as the transfers' breakdowns state it") String cohort,
                              List<org.custodyledger.ledger.Flows.Flow> flows) {
    }

    @Schema(name = "Breakdowns", description = "Who is held where by cohort and nationality (SPEC \"Breakdowns, flows and cohort claims\"): "
            + "each facility, custodian and country line by line (population null where the latest census has no breakdown; people of no "
            + "stated cohort under 'unspecified'), and each operation's figures by line")
    public record BreakdownsAnswer(@Schema(description = AS_OF, format = "date-time", nullable = true) String asOf,
                                   List<org.custodyledger.ledger.Breakdowns.Breakdown> facilities,
                                   List<org.custodyledger.ledger.Breakdowns.Breakdown> byCustodian,
                                   List<org.custodyledger.ledger.Breakdowns.Breakdown> byCountry, List<OperationLines> operations) {
    }

    @Schema(name = "OperationLines", description = "An operation's figures by line")
    public record OperationLines(String operationId, List<org.custodyledger.ledger.Breakdowns.OperationLine> lines) {
    }

    static String asOf(Instant t) {
        return t.equals(ReadModels.CURRENT) ? null : t.toString();
    }

    static ObjectNode tree(Object document) {
        return EventJson.mapper().valueToTree(document);
    }

    static List<RecordedStatement> statements(List<StatementView> views) {
        return views.stream().map(v -> new RecordedStatement(v.statement(), v.eventId(), v.occurredAt(), v.recordedBy(), v.recordedAt())).toList();
    }

    static List<ReconciledClaim> claims(List<StatementView> views) {
        return views.stream().flatMap(v -> v.checks().stream()
                .map(check -> new ReconciledClaim(check, v.statement().speaker(), v.statement().organization()))).toList();
    }
}
