package org.custodyledger.projection;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import org.flywaydb.core.Flyway;

/** A projection schema of a test's own, migrated as deployed, emptied between scenarios. */
public final class TestSchema {
    private TestSchema() {
    }

    public static void migrate(AgroalDataSource dataSource, String schema) {
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).locations("classpath:db/projection").load().migrate();
    }

    /** Every table of the schema but Flyway's: a table added later is emptied too. */
    static void empty(AgroalDataSource dataSource, String schema) throws Exception {
        try (Connection c = Schemas.connect(dataSource, schema)) {
            String tables = String.join(", ", Sql.list(c, "SELECT tablename FROM pg_tables WHERE schemaname = ? "
                    + "AND tablename <> 'flyway_schema_history' ORDER BY 1", r -> r.getString(1), schema));
            c.createStatement().execute("TRUNCATE " + tables);
        }
    }
}
