package io.cairn.catalog;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.jdbc.support.incrementer.DataFieldMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.H2SequenceMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.PostgresSequenceMaxValueIncrementer;

/**
 * Primary keys from a catalog sequence that Hibernate draws on too, for rows written with plain
 * SQL. Each value {@code v} the sequence hands out (it steps by {@link #BLOCK}) stands for the keys
 * {@code v - BLOCK + 1 .. v}, as Hibernate's pooled optimizer reads it, so the two never hand out
 * the same key; one sequence call per block.
 */
final class PooledIds {

    /** The sequences' {@code INCREMENT BY} and the entities' {@code allocationSize}. */
    static final int BLOCK = 50;

    private final DataFieldMaxValueIncrementer sequence;
    private long next = 1;
    private long last = 0;

    PooledIds(DataFieldMaxValueIncrementer sequence) {
        this.sequence = sequence;
    }

    /** Reads the sequence with the statement the catalog's database (H2 or PostgreSQL) understands. */
    static PooledIds of(DataSource catalog, String sequenceName) {
        String product;
        try {
            product = JdbcUtils.extractDatabaseMetaData(catalog, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database the catalog is: " + e.getMessage(), e);
        }
        return new PooledIds(
                switch (product) {
                    case "H2" -> new H2SequenceMaxValueIncrementer(catalog, sequenceName);
                    case "PostgreSQL" -> new PostgresSequenceMaxValueIncrementer(catalog, sequenceName);
                    default ->
                        throw new IllegalStateException("The catalog runs on H2 or PostgreSQL, not " + product
                                + "; set spring.datasource.url to one of them");
                });
    }

    synchronized long next() {
        if (next > last) {
            last = sequence.nextLongValue();
            // The first value (1) stands for itself alone: Hibernate reads it that way too.
            next = Math.max(1, last - BLOCK + 1);
        }
        return next++;
    }
}
