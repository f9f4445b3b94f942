package io.cairn.cluster;

import javax.sql.DataSource;

import io.cairn.testing.TestDirectories;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Leases on the embedded H2 catalog (one replica in production, but the same SQL). */
// With the suite, not alongside it: the second thread has the longer share of the work.
class H2LeaseStoreIT extends LeaseStoreContract {

    @Override
    protected DataSource freshDataSource() {
        return new SimpleDriverDataSource(
                new org.h2.Driver(),
                "jdbc:h2:file:" + TestDirectories.fresh("leases").resolve("cairn"),
                "sa",
                "");
    }
}
