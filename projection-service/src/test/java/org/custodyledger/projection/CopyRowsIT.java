package org.custodyledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** Every projected row goes through COPY's text format: what PostgreSQL stores must be exactly what was written. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class CopyRowsIT {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void valuesArriveExactlyAsWrittenWhateverTheirCharacters() throws Exception {
        String awkward = "tab\there, new\nline, return\r, back\\slash, \\N, quote \" and ünïcødé ✓";
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-01-21T10:15:30.123456Z");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("CREATE TABLE projection.copied (id uuid, at timestamptz, n integer, text text, doc json)"); // rolled back: the service's login may not make temporary tables
            CopyRows rows = new CopyRows("projection.copied");
            rows.add(c, id, at, 42, awkward, new CopyRows.Utf8(("{\"quote\":\"" + awkward.replace("\\", "\\\\").replace("\t", "\\t")
                    .replace("\n", "\\n").replace("\r", "\\r").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8)));
            rows.add(c, null, null, null, null, null);
            rows.send(c);
            List<List<Object>> stored = Sql.list(c, "SELECT id, at, n, text, doc->>'quote' FROM projection.copied ORDER BY n NULLS LAST",
                    r -> java.util.Arrays.asList(r.getObject(1), Sql.instant(r, "at"), r.getObject(3), r.getString(4), r.getString(5)));
            assertThat(stored).containsExactly(java.util.Arrays.asList(id, at, 42, awkward, awkward),
                    java.util.Arrays.asList(null, null, null, null, null));
            c.rollback();
        }
    }

    @Test
    void aUnitLargerThanOneSliceIsSentWhole() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("CREATE TABLE projection.copied (n integer)");
            CopyRows rows = new CopyRows("projection.copied");
            for (int n = 0; n < 12_345; n++) {
                rows.add(c, n); // sent every 5,000 rows, the rest by send()
            }
            rows.send(c);
            assertThat(Sql.list(c, "SELECT count(DISTINCT n), min(n), max(n) FROM projection.copied",
                    r -> List.of(r.getLong(1), r.getInt(2), r.getInt(3)))).containsExactly(List.of(12_345L, 0, 12_344));
            c.rollback();
        }
    }
}
