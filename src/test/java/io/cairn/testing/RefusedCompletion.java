package io.cairn.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.api.Trigger;

/**
 * An H2 trigger on {@code checkpoints} that makes the catalog refuse every write ending one job's
 * PENDING checkpoint (COMPLETED or FAILED), from {@link #refuseCompletionsOf} until {@link
 * #takeCompletions}: a commit that fails after {@code _metadata} was published, or a failure that
 * cannot be recorded, as a database outage or a lapsed lease would make them.
 */
public final class RefusedCompletion implements Trigger {

    private static final AtomicLong JOB_PK = new AtomicLong(-1);
    private static final AtomicInteger REFUSED = new AtomicInteger();

    private int jobPkColumn;
    private int statusColumn;

    public static void refuseCompletionsOf(long jobPk) {
        REFUSED.set(0);
        JOB_PK.set(jobPk);
    }

    public static void takeCompletions() {
        JOB_PK.set(-1);
    }

    /** How many completions were refused since arming. */
    public static int refused() {
        return REFUSED.get();
    }

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type)
            throws SQLException {
        jobPkColumn = column(connection, schema, table, "JOB_PK");
        statusColumn = column(connection, schema, table, "STATUS");
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        long jobPk = ((Number) newRow[jobPkColumn]).longValue();
        if ("PENDING".equals(oldRow[statusColumn])
                && !"PENDING".equals(newRow[statusColumn])
                && JOB_PK.get() == jobPk) {
            REFUSED.incrementAndGet();
            throw new SQLException("the catalog refused this completion (test fault)");
        }
    }

    private static int column(Connection connection, String schema, String table, String name) throws SQLException {
        try (ResultSet columns = connection.getMetaData().getColumns(null, schema, table, name)) {
            if (!columns.next()) {
                throw new SQLException("no column " + name + " in " + table);
            }
            return columns.getInt("ORDINAL_POSITION") - 1;
        }
    }
}
