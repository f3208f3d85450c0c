package org.custodyledger.projection.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.custodyledger.stack.DatabaseLogins;
import org.custodyledger.testing.LedgerStack;
import org.custodyledger.testing.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Who applies the log is settled by the database, not by the instances' good manners: on a real
 * PostgreSQL, with the projection's own login, two leases on one database.
 */
class ApplierLeaseIT {
    @Test
    void oneHoldsTheLeaseAndAUnitOfOneThatLostItIsRefusedByTheDatabase() throws Exception {
        TestInfrastructure.startOnce();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(LedgerStack.createDatabase("applier_lease"));
        dataSource.setUser(DatabaseLogins.PROJECTION);
        dataSource.setPassword(TestInfrastructure.databaseLogins().password(DatabaseLogins.PROJECTION));
        Flyway.configure().dataSource(dataSource).schemas(Schemas.AUDIT).defaultSchema(Schemas.AUDIT)
                .locations("classpath:db/audit").load().migrate();
        ApplierLease a = new ApplierLease(dataSource, "instance a");
        ApplierLease b = new ApplierLease(dataSource, "instance b");
        try {
            long first = a.tryAcquire().orElseThrow();
            assertThat(b.tryAcquire()).as("b while a holds the lock").isEmpty();
            assertThat(a.applier()).isTrue();
            assertThat(b.applier()).isFalse();
            assertThatThrownBy(() -> inUnit(dataSource, b::check)).isInstanceOf(ApplierLease.NotTheApplier.class);

            // A unit of a is under way (it holds the row FOR SHARE) when a's session dies.
            Connection unit = dataSource.getConnection();
            unit.setAutoCommit(false);
            a.check(unit);
            try (Connection c = dataSource.getConnection()) {
                assertThat(Sql.list(c, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid::bigint = ? AND granted",
                        r -> r.getBoolean(1), ApplierLease.LOCK & 0xffffffffL)).containsExactly(true);
            }
            // b takes the lock, but its epoch waits for a's unit: a's unit commits first, as the applier it was.
            CompletableFuture<Long> takeover = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        var epoch = b.tryAcquire();
                        if (epoch.isPresent()) {
                            return epoch.get();
                        }
                        Thread.sleep(100);
                    }
                    throw new AssertionError("b never took the lease");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1_000);
            assertThat(takeover).as("the bump waits for the unit holding the row").isNotDone();
            unit.commit();
            unit.close();
            long second = takeover.get(10, TimeUnit.SECONDS);
            assertThat(second).isEqualTo(first + 1);
            assertThat(b.applier()).isTrue();
            assertThat(a.held()).as("a's session is gone").isFalse();
            // a, still running, tries another unit: the database refuses it.
            assertThatThrownBy(() -> inUnit(dataSource, a::check)).isInstanceOf(ApplierLease.NotTheApplier.class)
                    .hasMessageContaining("instance b took over as epoch " + second);
            inUnit(dataSource, b::check);
            assertThat(b.holder().holder()).isEqualTo("instance b");
            // b gives up (shutting down): a can take over at once.
            b.release();
            assertThat(a.tryAcquire()).contains(second + 1);
        } finally {
            a.release();
            b.release();
        }
    }

    private interface Check {
        void in(Connection c) throws Exception;
    }

    private static void inUnit(PGSimpleDataSource dataSource, Check check) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                check.in(c);
                c.commit();
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
    }
}
