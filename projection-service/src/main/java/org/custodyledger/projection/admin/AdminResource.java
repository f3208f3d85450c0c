package org.custodyledger.projection.admin;

import org.custodyledger.projection.Page;
import org.custodyledger.projection.Problem;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.consume.LiveSwitch;
import org.custodyledger.projection.consume.LogHealth;
import org.custodyledger.projection.consume.ProjectionProgress;
import org.custodyledger.projection.write.ProjectionStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.ledger.LedgerDigest;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The engineers' API: replay, digest, status. The CLI is a client of it. Changing anything needs
 * the role admin; reading the digest and status, auditor or admin.
 */
@Path("/admin")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "admin", description = "The engineers' operations: status, digest, replay, log gaps, the admin audit trail")
public class AdminResource {
    private final ReplayService replay;
    private final ProjectionProgress progress;
    private final ProjectionStore store;
    private final LogHealth health;
    private final LiveSwitch liveSwitch;
    private final org.eclipse.microprofile.jwt.JsonWebToken caller;
    private final AdminAudit audit;
    private final org.custodyledger.projection.write.ApplierLease lease;

    AdminResource(ReplayService replay, ProjectionProgress progress, ProjectionStore store, LogHealth health, LiveSwitch liveSwitch,
                  org.eclipse.microprofile.jwt.JsonWebToken caller, AdminAudit audit, org.custodyledger.projection.write.ApplierLease lease) {
        this.lease = lease;
        this.replay = replay;
        this.progress = progress;
        this.store = store;
        this.health = health;
        this.liveSwitch = liveSwitch;
        this.caller = caller;
        this.audit = audit;
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AdminResource.class);

    /** What changes the read models is the applier's to do: another instance answers 409 and names it. */
    private void requireApplier() throws SQLException {
        if (!lease.applier()) {
            var holder = lease.holder();
            throw Problem.of(Response.Status.CONFLICT, "not-the-applier", "This instance does not apply the log",
                    "Only the instance that applies the log changes the read models; it is " + holder.holder() + " (epoch " + holder.epoch()
                            + ", since " + holder.since() + "). Send the request to it.");
        }
    }

    private interface Action<T> {
        T run() throws Exception;
    }

    /**
     * Runs an admin action and records who asked, what and what came of it (GET /admin/audit), a
     * refusal or failure included.
     */
    private <T> T audited(String action, String detail, Action<T> run, java.util.function.Function<T, String> outcome) throws Exception {
        String actor = org.custodyledger.events.Attribution.of(caller::getClaim);
        String result = "no answer";
        try {
            T answer = run.run();
            result = outcome.apply(answer);
            return answer;
        } catch (jakarta.ws.rs.WebApplicationException e) {
            result = "refused: " + e.getResponse().getStatus() + " " + (e.getResponse().getEntity() instanceof Problem p ? p.title() : e.getMessage());
            throw e;
        } catch (Exception e) {
            result = "failed: " + e;
            throw e;
        } finally {
            LOG.infof("admin: %s%s by %s: %s", action, detail == null ? "" : " (" + detail + ")", actor, result);
            audit.record(actor, action, detail, result);
        }
    }

    @GET
    @RolesAllowed({"auditor", "admin"})
    @Path("audit")
    @Operation(operationId = "listAdminActions", summary = "The admin actions, newest first: who asked for which replay, drop, confirmation or gap acceptance, when, "
            + "and what came of it (refusals too); paginated by nextCursor")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = AdminAnswers.Actions.class)))
    public Response auditTrail(@QueryParam("limit") String limit, @QueryParam("after") String after,
                               @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) throws SQLException {
        Page page = Page.of(limit, after, 1);
        Long before;
        try {
            before = page.after() == null ? null : Long.valueOf(page.after().get(0));
        } catch (NumberFormatException e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid cursor",
                    "after must be a nextCursor this list gave; start again without it to read from the newest.",
                    new Problem.Error("after", "not a cursor of this list"));
        }
        var doc = page.answer(org.custodyledger.events.EventJson.mapper().valueToTree(new AdminAnswers.Actions(java.util.List.of(), null)), "actions",
                audit.newestFirst(before, page.limit() + 1), a -> java.util.List.of(String.valueOf(a.id())));
        return Page.response(doc, uri);
    }

    @POST
    @Path("gaps/accept")
    @Operation(operationId = "acceptLogGaps", summary = "Accept that the records of the open log gaps are gone: each gap is marked accepted with the reason, "
            + "and the projection goes on from where the log now starts. Prefer restoring the log from an export")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = AdminAnswers.AcceptedGaps.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "409", description = "This instance does not apply the log (problem type not-the-applier); the problem names the one that does",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/problem+json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = Problem.class)))
    public AdminAnswers.AcceptedGaps acceptGaps(@QueryParam("reason") String reason) throws Exception {
        if (reason == null || reason.isBlank()) {
            throw Problem.of(Response.Status.BAD_REQUEST, "reason-required", "Accepting a gap needs a reason",
                    "The records of a gap are lost to the read models; say why in reason=..., it is recorded with the gap.",
                    new Problem.Error("reason", "is required"));
        }
        return audited("gaps accept", "reason: " + reason.strip(), () -> {
            requireApplier();
            java.util.List<org.custodyledger.log.LogGap> accepted = store.acceptGaps(Schemas.LIVE, reason.strip());
            if (!accepted.isEmpty()) {
                liveSwitch.requestReload();
            }
            return new AdminAnswers.AcceptedGaps(accepted.stream().map(Object::toString).toList(), reason.strip());
        }, answer -> "accepted " + answer.accepted());
    }

    @GET
    @RolesAllowed({"auditor", "admin"})
    @Path("replay")
    @Operation(operationId = "getReplay", summary = "Progress of the current or last replay: events done, events/s, ETA, digests before and after")
    public ReplayService.Status replayStatus() {
        return replay.status();
    }

    @POST
    @Path("replay")
    @Operation(operationId = "startReplay", summary = "Rebuild every read model from the start of the log into a shadow schema, then switch. "
            + "With upTo (an instant) or upToPosition (a consistency token) it builds only that far, reports the digest, and does not switch. "
            + "A rebuild from a truncated log, or one holding fewer events than the live models, is not switched (phase REFUSED) "
            + "unless force=true with a reason, which is recorded")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "202", description = "Started: GET /admin/replay shows its progress", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ReplayService.Status.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "409", description = "A replay is running (problem type replay-running), or this instance does not apply the log (not-the-applier)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/problem+json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = Problem.class)))
    public Response startReplay(@QueryParam("upTo") String upTo, @QueryParam("upToPosition") String upToPosition,
                                @QueryParam("force") boolean force, @QueryParam("reason") String reason) throws Exception {
        if (force && (reason == null || reason.isBlank())) {
            throw Problem.of(Response.Status.BAD_REQUEST, "reason-required", "A forced replay needs a reason",
                    "force=true switches read models built from a truncated or shorter log; say why in reason=..., it is recorded with the switch.",
                    new Problem.Error("reason", "is required with force=true"));
        }
        ReplayService.Bound bound;
        try {
            bound = new ReplayService.Bound(upTo == null || upTo.isBlank() ? null : java.time.OffsetDateTime.parse(upTo).toInstant(),
                    upToPosition == null || upToPosition.isBlank() ? null : org.custodyledger.events.ConsistencyToken.parse(upToPosition));
        } catch (RuntimeException e) {
            throw Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter", "Invalid replay bound", e.getMessage(),
                    new Problem.Error(upTo != null ? "upTo" : "upToPosition", "must be an ISO-8601 instant / a consistency token"));
        }
        String detail = String.join(", ", java.util.stream.Stream.of(force ? "forced, reason: " + reason.strip() : null,
                upTo != null ? "upTo " + upTo : null, upToPosition != null ? "upToPosition " + upToPosition : null)
                .filter(java.util.Objects::nonNull).toList());
        return audited("replay", detail.isEmpty() ? null : detail, () -> {
            requireApplier();
            if (!replay.start(bound, force ? reason.strip() : null)) {
                throw Problem.of(Response.Status.CONFLICT, "replay-running", "A replay is running",
                        "Wait for it to finish; GET /admin/replay shows its progress.");
            }
            return Response.accepted(replay.status()).build();
        }, answer -> "started");
    }

    @DELETE
    @Path("replay")
    @Operation(operationId = "discardReplay", summary = "Drop the shadow read models of a bounded or unfinished replay")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ReplayService.Status.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "409", description = "This instance does not apply the log (problem type not-the-applier); the problem names the one that does",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/problem+json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = Problem.class)))
    public ReplayService.Status discard() throws Exception {
        return audited("replay drop", null, () -> {
            requireApplier();
            return replay.discard();
        }, ReplayService.Status::message);
    }

    @POST
    @Path("replay/confirm")
    @Operation(operationId = "confirmReplay", summary = "Drop the read models the last switch replaced")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ReplayService.Status.class)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "409", description = "This instance does not apply the log (problem type not-the-applier); the problem names the one that does",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/problem+json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = Problem.class)))
    public ReplayService.Status confirm() throws Exception {
        return audited("replay confirm", null, () -> {
            requireApplier();
            return replay.confirm();
        }, ReplayService.Status::message);
    }

    @GET
    @RolesAllowed({"auditor", "admin"})
    @Path("digest")
    @Operation(operationId = "getDigest", summary = "Digest of the live read models: identical logs give identical digests")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = AdminAnswers.Digest.class)))
    public AdminAnswers.Digest digest() throws SQLException {
        ReplayService.Digest digest = replay.digest(Schemas.LIVE);
        if (!digest.complete()) {
            throw Problem.of(Response.Status.SERVICE_UNAVAILABLE, "derivation-pending", "Catching up: no digest yet",
                    "the projection is catching up with the log and " + digest.pendingDerivations() + " derivation(s) are pending, "
                            + "so its facts are ahead of what is derived from them; ask again when GET /admin/status shows lag 0");
        }
        return new AdminAnswers.Digest(LedgerDigest.ALGORITHM, digest.value(), ProjectionProgress.position(digest.positions()));
    }

    @GET
    @RolesAllowed({"auditor", "admin"})
    @Path("status")
    @Operation(operationId = "getStatus", summary = "Position and lag per partition, stall, gaps in the log, topic settings, the last failure, poison records, replay progress")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = AdminAnswers.Status.class)))
    public AdminAnswers.Status status() throws SQLException {
        // What readers are served is derived up to the published positions; catching up, units are
        // applied (their facts written) ahead of them, and derived every few seconds.
        return new AdminAnswers.Status(progress.nextOffsets(), new TreeMap<>(store.positions(Schemas.LIVE)),
                store.pendingDerivations(Schemas.LIVE), progress.position(), health.totalLag(), health.lagByPartition(), progress.running(),
                health.stalled(), health.secondsSinceAdvance(), health.lastFailure(), store.logGaps(Schemas.LIVE),
                health.gaps().stream().map(Object::toString).toList(), health.topicProblems(), store.rejectedRecords(Schemas.LIVE).size(),
                replay.status());
    }
}
