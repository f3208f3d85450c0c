package org.custodyledger.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * A 201 means the receipt survives a crash: the local PostgreSQL (the same launcher as './ledger up')
 * runs with fsync on, and ingest commits its receipts synchronously even where the server's default
 * says otherwise.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class DurableReceiptsIT {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void receiptsAreCommittedToDiskBeforeTheAnswer() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(show(c, "fsync")).isEqualTo("on");
            assertThat(show(c, "synchronous_commit")).isEqualTo("on");
            assertThat(show(c, "full_page_writes")).isEqualTo("on");
        }
        // Even on a server whose default is asynchronous, each new ingest connection turns it on.
        try (Connection admin = TestInfrastructure.superuser(TestInfrastructure.jdbcUrl())) {
            admin.createStatement().execute("ALTER DATABASE custody SET synchronous_commit TO off");
            try {
                try (Connection fresh = TestInfrastructure.superuser(TestInfrastructure.jdbcUrl())) {
                    assertThat(show(fresh, "synchronous_commit")).as("the database default, as changed").isEqualTo("off");
                }
                dataSource.flush(AgroalDataSource.FlushMode.ALL);
                assertThat(pooledSetting("synchronous_commit")).isEqualTo("on");
            } finally {
                admin.createStatement().execute("ALTER DATABASE custody RESET synchronous_commit");
            }
        }
    }

    /** From a connection the pool opens after the flush (which closes the old ones in the background). */
    private String pooledSetting(String setting) throws Exception {
        java.sql.SQLException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try (Connection pooled = dataSource.getConnection()) {
                return show(pooled, setting);
            } catch (java.sql.SQLException closedByTheFlush) {
                last = closedByTheFlush;
                Thread.sleep(200);
            }
        }
        throw last;
    }

    private static String show(Connection c, String setting) throws Exception {
        try (ResultSet r = c.createStatement().executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }
}
