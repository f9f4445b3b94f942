package io.cairn.catalog;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.stereotype.Component;

/** The current transaction's view of the catalog, for work that walks many jobs in one transaction. */
@Component
public class CatalogSession {

    @PersistenceContext
    private EntityManager entityManager;

    /** Writes what the transaction changed so far, for plain SQL that follows and refers to it. */
    public void flush() {
        entityManager.flush();
    }

    /**
     * Writes what the transaction changed so far and forgets the rows it loaded. Before every query
     * Hibernate dirty-checks every row loaded in the transaction, so one transaction over N jobs
     * costs N² checks unless each job's rows are let go when it is done.
     */
    public void flushAndForget() {
        entityManager.flush();
        entityManager.clear();
    }
}
