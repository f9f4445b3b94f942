package io.cairn.cluster;

import javax.sql.DataSource;

import io.cairn.testing.RunsAlongside;
import io.cairn.testing.TestDirectories;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Leases on the embedded H2 catalog (one replica in production, but the same SQL). */
@RunsAlongside
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
