package io.cairn.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.api.Trigger;

/**
 * An H2 trigger on {@code checkpoints} that makes the catalog refuse, once, the write turning one
 * job's PENDING checkpoint COMPLETED: a commit that fails after {@code _metadata} was published, as
 * a database outage or a lapsed lease would make it fail. Armed with {@link #refuseNextCompletionOf}.
 */
public final class RefusedCompletion implements Trigger {

    private static final AtomicLong JOB_PK = new AtomicLong(-1);
    private static final AtomicInteger REFUSED = new AtomicInteger();

    private int jobPkColumn;
    private int statusColumn;

    /** The next completion of this job is refused; later ones go through. */
    public static void refuseNextCompletionOf(long jobPk) {
        REFUSED.set(0);
        JOB_PK.set(jobPk);
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
                && "COMPLETED".equals(newRow[statusColumn])
                && JOB_PK.compareAndSet(jobPk, -1)) {
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
