package org.custodyledger.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
public class AuditKeysResource {
    private final Receipts receipts;

    AuditKeysResource(Receipts receipts) {
        this.receipts = receipts;
    }

    @GET
    @Operation(summary = "The Ed25519 public keys of receipts, by key id (the current one first; older ones while receipts signed with them matter)")
    public ObjectNode keys() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode keys = answer.putArray("keys");
        receipts.publicKeys().forEach((id, key) -> keys.addObject().put("keyId", id).put("algorithm", SignedReceipt.ALGORITHM)
                .put("publicKey", key));
        return answer;
    }
}
