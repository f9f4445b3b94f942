package io.cairn.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever job id or relative path a client or an agent sends, storage either refuses it or
 * names a path inside the checkpoint root: never outside, never the root itself.
 */
class PathConfinementTest {

    private static Path rootDir;
    private static CheckpointStorages storages;
    private static CheckpointStorage storage;

    @BeforeContainer
    static void openStorage() throws Exception {
        rootDir = Files.createTempDirectory("confinement").toRealPath().resolve("checkpoints");
        storages = new CheckpointStorages(new StorageProperties(
                "file:" + rootDir, "file:" + rootDir.resolveSibling("savepoints"), null, List.of(), Map.of()));
        storage = storages.defaultStorage();
    }

    @AfterContainer
    static void close() {
        storages.destroy();
    }

    @Property(tries = 3000)
    void aJobIdIsRefusedOrItsDirectoriesLieUnderTheRoot(@ForAll("hostile") String jobId) {
        URI checkpoint;
        JobLayout layout;
        try {
            checkpoint = storage.directory(SnapshotLocation.checkpoint(jobId, 7));
            layout = storage.jobLayout(jobId);
        } catch (InvalidJobId refused) {
            assertThat(JobIdRule.isValid(jobId)).isFalse();
            return;
        }
        for (URI uri :
                List.of(checkpoint, layout.jobDirectory(), layout.sharedDirectory(), layout.taskOwnedDirectory())) {
            assertThat(strictlyUnderRoot(uri))
                    .as("%s from job id '%s'", uri, jobId)
                    .isTrue();
        }
    }

    @Property(tries = 3000)
    void aRelativePathIsRefusedOrResolvesUnderTheRoot(@ForAll("hostile") String path) {
        boolean exists;
        try {
            exists = storage.exists(path);
        } catch (IllegalArgumentException refused) {
            assertThat(RelativePaths.isSafe(path)).isFalse();
            return;
        }
        assertThat(exists).as("nothing was written under the root").isFalse();
        Path resolved = rootDir.resolve(path).normalize();
        assertThat(resolved.startsWith(rootDir) && !resolved.equals(rootDir))
                .as("'%s' resolves to %s", path, resolved)
                .isTrue();
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> fragments = Arbitraries.of(
                "..",
                ".",
                "/",
                "//",
                "\\",
                "%2e",
                "%2f",
                "%2E%2E",
                "%00",
                "\u0000",
                "\u2024",
                "\uff0e",
                "\uff0f",
                "~",
                ":",
                "file:",
                "hdfs://nn",
                "a",
                "job",
                "chk-1",
                "-",
                "_",
                " ",
                "\n",
                "é",
                "C:");
        return Arbitraries.oneOf(
                fragments.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("", parts)),
                Arbitraries.strings()
                        .withChars("./\\%:~-_aZ09\u0000\u2024")
                        .ofMinLength(1)
                        .ofMaxLength(70));
    }

    private static boolean strictlyUnderRoot(URI uri) {
        Path path = Path.of(URI.create("file:" + uri.normalize().getRawPath())).normalize();
        return path.startsWith(rootDir) && !path.equals(rootDir);
    }
}
