package org.custodyledger.projection;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The read models live in one PostgreSQL schema: {@code projection} is live; a replay builds
 * {@code projection_shadow} and a switch renames one to the other in a single transaction.
 * Every connection says which one it works on, so the same code serves both.
 */
public final class Schemas {
    public static final String LIVE = "projection";
    public static final String SHADOW = "projection_shadow";
    public static final String PREVIOUS = "projection_previous";
    /** Who did what through the admin API: not read models, so no replay touches it. */
    public static final String AUDIT = "projection_audit";
    private static final Pattern NAME = Pattern.compile("[a-z_]+");

    private Schemas() {
    }

    public static Connection connect(AgroalDataSource dataSource, String schema) throws SQLException {
        if (!NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("bad schema name " + schema);
        }
        Connection c = dataSource.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
