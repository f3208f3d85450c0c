package org.custodyledger.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object, collecting every problem (with its path) instead of
 * stopping at the first, so an operator sees all that is wrong in one answer. A getter returns
 * null where the field is absent or bad; callers build an event only when no problem was found.
 */
final class FieldReader {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final JsonNode node;
    private final String path;
    private final List<FieldProblem> problems;
    private final Set<String> known = new HashSet<>();

    FieldReader(JsonNode node, String path, List<FieldProblem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void problem(String name, String message) {
        problems.add(new FieldProblem(path(name), message));
    }

    /** The field's node, or null if absent or JSON null (both mean "not given"). */
    JsonNode field(String name) {
        known.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String name) {
        return field(name) != null;
    }

    /** Free text (names, reasons): surrounding whitespace is dropped, control characters refused. */
    String text(String name, int maxLength, boolean required) {
        return string(name, maxLength, required, TextRule.FREE_TEXT);
    }

    /**
     * A value matched exactly (type, ids, timestamps, codes): surrounding whitespace is refused, not
     * trimmed, so what is stored is what was sent.
     */
    String token(String name, int maxLength, boolean required) {
        return string(name, maxLength, required, TextRule.TOKEN);
    }

    private String string(String name, int maxLength, boolean required, TextRule rule) {
        JsonNode value = field(name);
        if (value == null) {
            if (required) {
                problem(name, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problem(name, "must be a string");
            return null;
        }
        String raw = value.textValue();
        String unreadable = TextRule.unstorable(raw, rule);
        if (unreadable != null) {
            problem(name, unreadable);
            return null;
        }
        String text = raw.strip();
        if (text.isEmpty()) {
            problem(name, "must not be blank");
            return null;
        }
        if (rule == TextRule.TOKEN && text.length() != raw.length()) {
            problem(name, "must not start or end with whitespace");
            return null;
        }
        if (text.length() > maxLength) {
            problem(name, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    String requiredText(String name, int maxLength) {
        return text(name, maxLength, true);
    }

    String optionalText(String name, int maxLength) {
        return text(name, maxLength, false);
    }

    /** A quote may keep its line breaks and tabs; other text may not. */
    String optionalQuote(String name, int maxLength) {
        return string(name, maxLength, false, TextRule.MULTILINE_TEXT);
    }

    String slug(String name, boolean required) {
        return matching(name, SLUG, "must be a slug: lowercase letters, digits and single hyphens, like 'iraq-federal-prisons'", required);
    }

    String identifier(String name) {
        return matching(name, IDENTIFIER, "must start with a letter or digit and hold only letters, digits and . _ : -", true);
    }

    private String matching(String name, Pattern pattern, String rule, boolean required) {
        String text = token(name, Limits.ID_LENGTH, required);
        if (text != null && !pattern.matcher(text).matches()) {
            problem(name, rule);
            return null;
        }
        return text;
    }

    String country(String name, boolean required) {
        String text = token(name, 2, required);
        if (text != null && !COUNTRIES.contains(text)) {
            problem(name, "must be an ISO 3166-1 alpha-2 country code in capitals, like 'IQ'");
            return null;
        }
        return text;
    }

    Integer integer(String name, int min, boolean required) {
        JsonNode value = field(name);
        if (value == null) {
            if (required) {
                problem(name, "is required");
            }
            return null;
        }
        if (!value.isIntegralNumber()) {
            problem(name, "must be a whole number");
            return null;
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > Limits.MAX_COUNT) {
            problem(name, "must be between " + min + " and " + Limits.MAX_COUNT);
            return null;
        }
        return value.intValue();
    }

    /** A required angle in degrees, within [-bound, bound]. */
    Double degrees(String name, int bound) {
        JsonNode value = field(name);
        if (value == null) {
            problem(name, "is required");
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || Math.abs(value.doubleValue()) > bound) {
            problem(name, "must be a number of degrees between -" + bound + " and " + bound);
            return null;
        }
        return value.doubleValue();
    }

    Instant instant(String name, boolean required) {
        return instant(name, required, null);
    }

    /** @param now where given, the instant may be at most {@link Limits#FUTURE_SKEW} after it */
    Instant instant(String name, boolean required, Instant now) {
        String text = token(name, 64, required);
        if (text == null) {
            return null;
        }
        try {
            Instant instant = java.time.OffsetDateTime.parse(text).toInstant();
            if (instant.isBefore(Limits.EARLIEST)) {
                problem(name, "must not be before " + Limits.EARLIEST);
                return null;
            }
            if (now != null && instant.isAfter(now.plus(Limits.FUTURE_SKEW))) {
                problem(name, "is in the future (server time " + now + "); record events once they happened");
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            problem(name, "must be an ISO-8601 instant with an offset, like '2026-01-21T06:00:00Z'");
            return null;
        }
    }

    UUID uuid(String name, boolean required) {
        String text = token(name, 36, required);
        if (text == null) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException("not canonical");
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            problem(name, "must be a UUID like '5b12d6e2-aaee-5c40-9f45-d029c42e9c3f'");
            return null;
        }
    }

    String url(String name) {
        String text = optionalText(name, Limits.URL_LENGTH);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return text;
        } catch (Exception e) {
            problem(name, "must be an absolute http(s) URL");
            return null;
        }
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String text = token(name, 64, true);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            problem(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    /** A cohort's label (adult, minor, ...); "unspecified" is the ledger's own line for people of no stated cohort. */
    String cohortLabel(String name, boolean required) {
        String cohort = token(name, 32, required);
        if (cohort != null && !Cohort.isLabel(cohort)) {
            problem(name, "cohort label must be 1-32 letters, digits, '_' or '-'");
            return null;
        }
        return cohort;
    }

    /**
     * Schema v2 breakdown: a list of {cohort, nationality?, count}; {@code total} is the count the
     * lines must add up to (null: unknown). A v1 object form is upcast before it gets here.
     */
    java.util.List<Cohort> breakdown(String name, Integer total) {
        JsonNode value = field(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problem(name, "must be a list of {cohort, nationality?, count} (or, as in schema v1, an object of cohort to count)");
            return null;
        }
        if (value.size() > Limits.MAX_BREAKDOWN_ENTRIES) {
            problem(name, "must have at most " + Limits.MAX_BREAKDOWN_ENTRIES + " cohorts");
            return null;
        }
        int before = problems.size();
        java.util.List<Cohort> lines = new ArrayList<>();
        java.util.Set<String> seen = new HashSet<>();
        long sum = 0;
        java.util.List<FieldReader> items = array(name, 0, Limits.MAX_BREAKDOWN_ENTRIES);
        for (int i = 0; items != null && i < items.size(); i++) {
            FieldReader line = items.get(i);
            if (line == null) {
                continue;
            }
            String cohort = line.cohortLabel("cohort", true);
            String nationality = line.country("nationality", false);
            Integer count = line.integer("count", 0, true);
            line.rejectUnknownFields();
            if (cohort != null && count != null) {
                if (!seen.add(cohort + "/" + nationality)) {
                    line.problem("cohort", "'" + cohort + "'" + (nationality == null ? "" : " of " + nationality) + " appears twice");
                }
                lines.add(new Cohort(cohort, nationality, count));
                sum += count;
            }
        }
        if (problems.size() > before) {
            return null;
        }
        if (total != null && sum != total) {
            problem(name, "counts add up to " + sum + " but must add up to " + total);
            return null;
        }
        return java.util.List.copyOf(lines);
    }

    /** The object at {@code name}, upcast from {@code version} to the current schema first. */
    FieldReader upcastObject(String name, String type, int version) {
        JsonNode value = field(name);
        if (value != null && value.isObject() && type != null) {
            return new FieldReader(Upcasters.toCurrent(type, version, value), path(name), problems);
        }
        return object(name);
    }

    FieldReader object(String name) {
        JsonNode value = field(name);
        if (value == null) {
            problem(name, "is required");
            return null;
        }
        if (!value.isObject()) {
            problem(name, "must be an object");
            return null;
        }
        return new FieldReader(value, path(name), problems);
    }

    List<FieldReader> array(String name, int min, int max) {
        JsonNode value = field(name);
        if (value == null) {
            problem(name, min == 0 ? "is required (an empty list is fine)" : "is required");
            return null;
        }
        if (!value.isArray()) {
            problem(name, "must be a list");
            return null;
        }
        if (value.size() < min) {
            problem(name, "must have at least " + min + (min == 1 ? " item" : " items"));
            return null;
        }
        if (value.size() > max) {
            problem(name, "must have at most " + max + " items");
            return null;
        }
        List<FieldReader> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                problems.add(new FieldProblem(path(name) + "[" + i + "]", "must be an object"));
                items.add(null);
            } else {
                items.add(new FieldReader(item, path(name) + "[" + i + "]", problems));
            }
        }
        return items;
    }

    /** Unknown fields are rejected, not ignored: a misspelt optional field would otherwise vanish silently. */
    void rejectUnknownFields() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problem(name, "is not a field of this object");
            }
        }
    }
}
