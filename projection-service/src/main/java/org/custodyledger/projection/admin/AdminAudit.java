package org.custodyledger.projection.admin;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.projection.Schemas;
import org.custodyledger.projection.Sql;
import org.flywaydb.core.Flyway;

/**
 * The admin actions (replays started, forced, dropped, confirmed; gaps accepted), who asked for
 * them and what came of them, in an append-only table of their own schema ({@code db/audit}).
 */
@ApplicationScoped
public class AdminAudit {
    public record Action(long id, Instant at, String actor, String action, String detail, String outcome) {
    }

    private final AgroalDataSource dataSource;

    AdminAudit(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent start) {
        Flyway.configure().dataSource(dataSource).schemas(Schemas.AUDIT).defaultSchema(Schemas.AUDIT)
                .locations("classpath:db/audit").load().migrate();
    }

    public void record(String actor, String action, String detail, String outcome) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, Schemas.AUDIT)) {
            Sql.update(c, "INSERT INTO admin_action (actor, action, detail, outcome) VALUES (?, ?, ?, ?)", actor, action, detail, outcome);
        }
    }

    /** Newest first, those before {@code before} (an id; null: from the newest). */
    public List<Action> newestFirst(Long before, int limit) throws SQLException {
        try (Connection c = Schemas.connect(dataSource, Schemas.AUDIT)) {
            List<Object> parameters = new ArrayList<>();
            String where = "";
            if (before != null) {
                where = " WHERE id < ?";
                parameters.add(before);
            }
            parameters.add(limit);
            return Sql.list(c, "SELECT id, at, actor, action, detail, outcome FROM admin_action" + where + " ORDER BY id DESC LIMIT ?",
                    r -> new Action(r.getLong(1), Sql.instant(r, "at"), r.getString(3), r.getString(4), r.getString(5), r.getString(6)),
                    parameters.toArray());
        }
    }
}
