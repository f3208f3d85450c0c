package org.custodyledger.events;

import java.util.function.Function;

/**
 * Who recorded an event, from the caller's verified token: the display name, the subject (the
 * issuer's stable id for the person or service) and the client it used, as
 * {@code "Amira Haddad <sub:1f3c...> via ledger-cli"}. Never anything a client sent in the body.
 */
public final class Attribution {
    private Attribution() {
    }

    /** From a verified token's claims: {@code sub}, {@code preferred_username} or {@code name}, {@code azp} or {@code client_id}. */
    public static String of(Function<String, Object> claim) {
        Object subject = claim.apply("sub");
        return of(subject == null ? null : subject.toString(), text(claim, "preferred_username", "name"), text(claim, "azp", "client_id"));
    }

    private static String text(Function<String, Object> claim, String first, String second) {
        Object value = claim.apply(first) != null ? claim.apply(first) : claim.apply(second);
        return value == null ? null : value.toString();
    }

    /**
     * @param subject the token's {@code sub}, required
     * @param name {@code preferred_username} or {@code name}, may be null
     * @param client {@code azp} (or {@code client_id}), may be null
     */
    public static String of(String subject, String name, String client) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token without a subject cannot record events");
        }
        String who = (name == null || name.isBlank() ? "" : clean(name) + " ") + "<" + clean(subject) + ">"
                + (client == null || client.isBlank() ? "" : " via " + clean(client));
        return who.length() <= Limits.NAME_LENGTH ? who : who.substring(0, Limits.NAME_LENGTH - 1) + "…";
    }

    /** Control characters and angle brackets would make the text ambiguous (or a forged second part). */
    private static String clean(String part) {
        return part.strip().replaceAll("[\\p{Cntrl}<>]", "_");
    }
}
