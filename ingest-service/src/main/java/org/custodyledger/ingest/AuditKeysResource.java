package org.custodyledger.ingest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.custodyledger.audit.SignedReceipt;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The public keys receipts are signed with, for anyone who checks one (ledger cli verify-receipt). */
@Path("/audit/keys")
@RolesAllowed({"operator", "viewer", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "audit", description = "What anyone needs to check a receipt")
public class AuditKeysResource {
    /** The public keys, the current one first. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReceiptKeys")
    public record ReceiptKeys(java.util.List<ReceiptKey> keys) {
    }

    public record ReceiptKey(String keyId, String algorithm, String publicKey) {
    }

    private final Receipts receipts;

    AuditKeysResource(Receipts receipts) {
        this.receipts = receipts;
    }

    @GET
    @Operation(operationId = "listReceiptKeys", summary = "The Ed25519 public keys of receipts, by key id (the current one first; older ones while receipts signed with them matter)")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "OK", content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ReceiptKeys.class)))
    public ReceiptKeys keys() {
        return new ReceiptKeys(receipts.publicKeys().entrySet().stream()
                .map(e -> new ReceiptKey(e.getKey(), SignedReceipt.ALGORITHM, e.getValue())).toList());
    }
}
