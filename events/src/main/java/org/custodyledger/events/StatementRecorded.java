package org.custodyledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A public statement and the figures it claims, to be checked against the ledger. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatementRecorded(String statementId, String speaker, String role, String organization, String venue,
                                String publication, String url, String quote, List<Claim> claims)
        implements CustodyEvent {
    public StatementRecorded {
        claims = List.copyOf(claims);
    }

    @Override
    public String subject() {
        return "statement/" + statementId;
    }
}
