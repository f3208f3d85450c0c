package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A public statement and the figures it claims, to be checked against the ledger. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatementRecorded(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String statementId, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String speaker, String role, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String organization, String venue,
                                String publication, String url, String quote, @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) List<Claim> claims)
        implements CustodyEvent {
    public StatementRecorded {
        claims = List.copyOf(claims);
    }

    @Override
    public String subject() {
        return "statement/" + statementId;
    }
}
