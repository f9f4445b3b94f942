package io.cairn.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.catalog.CheckpointStatus;
import io.cairn.storage.CheckpointStorages;
import io.cairn.storage.StorageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The orphan scan's rules on a real directory tree, against a catalog given by hand: what no entry
 * references is reported with its kind, and what belongs to a checkpoint, to the tasks or to a user
 * is never reported.
 */
class OrphanScannerTest {

    @TempDir
    Path dir;

    private CheckpointStorages storages;

    @BeforeEach
    void storages() {
        storages = new CheckpointStorages(new StorageProperties(
                "file:" + dir.resolve("checkpoints"), "file:" + dir.resolve("savepoints"), null, List.of(), Map.of()));
    }

    @AfterEach
    void close() {
        storages.destroy();
    }

    @Test
    void whatNoEntryReferencesIsReportedByKindAndNothingElse() throws Exception {
        write("checkpoints/orders/chk-1/_metadata", 10);
        write("checkpoints/orders/chk-1/._metadata_temp-1b2c", 10);
        write("checkpoints/orders/chk-2/a-0/state", 7);
        write("checkpoints/orders/chk-3/a-0/state", 3);
        write("checkpoints/orders/chk-9/a-0/state", 5);
        write("checkpoints/orders/shared/a-0/sst-1", 4);
        write("checkpoints/orders/shared/a-0/sst-2", 6);
        write("checkpoints/orders/taskowned/a-0/log", 8);
        write("checkpoints/orders/notes.txt", 2);
        write("checkpoints/ghost/chk-1/_metadata", 9);
        write("checkpoints/.cairn-probe-5e6f", 1);
        write("savepoints/savepoint-orders-000000000001/_metadata", 11);
        write("savepoints/team/savepoint-orders-0000000000ff/_metadata", 12);
        write("savepoints/team/readme.txt", 13);
        String savepointRoot = storages.savepointRoot().toString();
        CatalogReferences catalog = catalog(
                Map.of(
                        "orders",
                        job(
                                storages.defaultRoot().toString(),
                                Map.of(
                                        1L, CheckpointStatus.COMPLETED,
                                        2L, CheckpointStatus.FAILED,
                                        3L, CheckpointStatus.DISCARDING),
                                Set.of("a-0/sst-1"))),
                Set.of(savepointRoot + "/savepoint-orders-000000000001"));

        List<Orphan> orphans = new OrphanScanner(storages, catalog).scan();

        assertThat(orphans)
                .extracting(Orphan::kind, Orphan::path, Orphan::files, Orphan::bytes)
                .containsExactlyInAnyOrder(
                        tuple(Orphan.Kind.TEMPORARY_FILE, "orders/chk-1/._metadata_temp-1b2c", 1L, 10L),
                        tuple(Orphan.Kind.CHECKPOINT_DIRECTORY, "orders/chk-2", 1L, 7L),
                        tuple(Orphan.Kind.CHECKPOINT_DIRECTORY, "orders/chk-9", 1L, 5L),
                        tuple(Orphan.Kind.SHARED_FILE, "orders/shared/a-0/sst-2", 1L, 6L),
                        tuple(Orphan.Kind.UNKNOWN_FILE, "orders/notes.txt", 1L, 2L),
                        tuple(Orphan.Kind.UNKNOWN_JOB_DIRECTORY, "ghost", 1L, 9L),
                        tuple(Orphan.Kind.TEMPORARY_FILE, ".cairn-probe-5e6f", 1L, 1L),
                        tuple(Orphan.Kind.SAVEPOINT_DIRECTORY, "team/savepoint-orders-0000000000ff", 1L, 12L));
        assertThat(orphans).allMatch(orphan -> orphan.modifiedAt() != null);
    }

    @Test
    void aJobWhoseDirectoryLiesUnderAnotherRootThanItsOwnIsUnknownThere() throws Exception {
        write("checkpoints/orders/chk-1/_metadata", 10);
        CatalogReferences catalog = catalog(
                Map.of("orders", job("file:/elsewhere", Map.of(1L, CheckpointStatus.COMPLETED), Set.of())), Set.of());

        assertThat(new OrphanScanner(storages, catalog).scan())
                .extracting(Orphan::kind, Orphan::path)
                .containsExactly(tuple(Orphan.Kind.UNKNOWN_JOB_DIRECTORY, "orders"));
    }

    private void write(String path, int bytes) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }

    private static CatalogReferences catalog(Map<String, CatalogReferences.KnownJob> jobs, Set<String> savepoints) {
        return new CatalogReferences() {
            @Override
            public Map<String, KnownJob> jobs() {
                return jobs;
            }

            @Override
            public Set<String> savepointPaths() {
                return savepoints;
            }
        };
    }

    private static CatalogReferences.KnownJob job(
            String root, Map<Long, CheckpointStatus> statuses, Set<String> sharedKeys) {
        return new CatalogReferences.KnownJob() {
            @Override
            public String checkpointRoot() {
                return root;
            }

            @Override
            public Map<Long, CheckpointStatus> checkpointStatuses() {
                return statuses;
            }

            @Override
            public Set<String> sharedKeys() {
                return sharedKeys;
            }
        };
    }
}
