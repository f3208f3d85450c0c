package org.custodyledger.projection.query;

import java.util.List;

/** {@code Breakdowns.Line.matches} in SQL: a line of the cohort and/or nationality (null: any), never the unspecified line. */
final class LineMatch {
    private LineMatch() {
    }

    /** The predicate over the two columns; its parameters are added to {@code parameters} in order. */
    static String sql(String cohort, String nationality, String cohortColumn, String nationalityColumn, List<Object> parameters) {
        StringBuilder sql = new StringBuilder("NOT (" + cohortColumn + " = 'unspecified' AND " + nationalityColumn + " IS NULL)");
        if (cohort != null) {
            sql.append(" AND ").append(cohortColumn).append(" = ?");
            parameters.add(cohort);
        }
        if (nationality != null) {
            sql.append(" AND ").append(nationalityColumn).append(" = ?");
            parameters.add(nationality);
        }
        return sql.toString();
    }
}
