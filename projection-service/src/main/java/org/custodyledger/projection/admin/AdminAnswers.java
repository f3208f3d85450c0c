package org.custodyledger.projection.admin;

import java.util.List;
import java.util.Map;
import org.custodyledger.projection.write.ProjectionStore;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The admin API's documents, as served and as the OpenAPI document shows them. */
public final class AdminAnswers {
    private AdminAnswers() {
    }

    @Schema(name = "ProjectionStatus", description = "Where the projection stands against the log, and what keeps it from being trusted")
    public record Status(@Schema(description = "Per partition, the next offset the published read models cover") Map<Integer, Long> positions,
                         @Schema(description = "Per partition, the next offset whose facts are written (ahead of positions while derivations are pending)")
                         Map<Integer, Long> appliedPositions,
                         long pendingDerivations,
                         @Schema(description = "positions as a consistency token (partition:offset,...)") String position,
                         @Schema(description = "Records in the log past the positions") long lag,
                         Map<Integer, Long> lagByPartition,
                         boolean consumerRunning,
                         @Schema(description = "The position has not advanced for ledger.projection.stall-after although the log has records past it")
                         boolean stalled,
                         long secondsSinceProgress,
                         @Schema(nullable = true, description = "The last unit of work that failed, and why") String lastFailure,
                         List<ProjectionStore.GapRecord> logGaps,
                         @Schema(description = "Gaps not accepted: records the projection needs that the log no longer holds") List<String> openLogGaps,
                         @Schema(description = "What makes the topic unfit to keep the ledger, with the command that fixes it") List<String> topicProblems,
                         @Schema(description = "Records the projection could not apply (GET /anomalies lists them)") int rejectedRecords,
                         ReplayService.Status replay) {
    }

    @Schema(name = "ReadModelDigest", description = "The digest of the live read models: identical logs give identical digests")
    public record Digest(String algorithm, String digest, @Schema(description = "The log position it covers, as a consistency token") String position) {
    }

    @Schema(name = "AcceptedLogGaps", description = "The log gaps marked accepted, with the reason given")
    public record AcceptedGaps(List<String> accepted, String reason) {
    }

    @Schema(name = "AdminActions", description = "A page of the admin actions, newest first")
    public record Actions(List<AdminAudit.Action> actions, @Schema(nullable = true, description = "The cursor of the next page (pass it as after=); null on the last page") String nextCursor) {
    }
}
