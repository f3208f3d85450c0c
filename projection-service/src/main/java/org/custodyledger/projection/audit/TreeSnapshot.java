package org.custodyledger.projection.audit;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.custodyledger.projection.Schemas;

/** One read of the live trees in one snapshot: a size and the nodes its root is computed from belong together. */
final class TreeSnapshot {
    interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    private TreeSnapshot() {
    }

    static <T> T read(AgroalDataSource dataSource, Read<T> read) throws SQLException {
        return read(dataSource, java.time.Duration.ofSeconds(5), read);
    }

    /** With a longer bound on each statement, for the read models' digest. */
    static <T> T read(AgroalDataSource dataSource, java.time.Duration statementTimeout, Read<T> read) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, Schemas.LIVE)) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            }
            try {
                return read.apply(c);
            } finally {
                c.rollback();
            }
        }
    }
}
