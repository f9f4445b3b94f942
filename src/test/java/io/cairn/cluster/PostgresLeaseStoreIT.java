package io.cairn.cluster;

import javax.sql.DataSource;

import io.cairn.testing.SharedPostgres;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Leases on PostgreSQL, where several replicas share them. */
class PostgresLeaseStoreIT extends LeaseStoreContract {

    @Override
    protected DataSource dataSource() {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), SharedPostgres.freshDatabase());
    }
}
