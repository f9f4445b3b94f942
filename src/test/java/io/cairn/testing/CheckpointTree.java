package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's directory on a local checkpoint root, read the way a restore would: every completed
 * checkpoint must have its {@code _metadata} and every file it names, and after recovery and a
 * sweep nothing else may be there ({@code taskowned/} aside, which Cairn never touches).
 */
public final class CheckpointTree {

    private final Path job;

    public CheckpointTree(Path root, String jobId) {
        this.job = root.resolve(jobId);
    }

    /** Each of these checkpoints has its {@code _metadata} and every file it names. */
    public void assertWhole(Collection<Long> completed) {
        for (long id : completed) {
            assertThat(job.resolve("chk-" + id).resolve("_metadata"))
                    .as("_metadata of checkpoint %d", id)
                    .exists();
            for (String file : referencedFiles(id)) {
                assertThat(job.resolve(file)).as("file of checkpoint %d", id).exists();
            }
        }
    }

    /** Every file under the job's directory belongs to one of these checkpoints. */
    public void assertNothingBut(Collection<Long> completed) {
        Set<String> referenced = new TreeSet<>();
        for (long id : completed) {
            referenced.add("chk-" + id + "/_metadata");
            referenced.addAll(referencedFiles(id));
        }
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.walk(job)) {
            files.filter(Files::isRegularFile)
                    .map(file -> job.relativize(file).toString())
                    .filter(file -> !file.startsWith("taskowned/"))
                    .forEach(present::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(present).isEqualTo(referenced);
        try (Stream<Path> dirs = Files.list(job)) {
            assertThat(dirs.map(dir -> dir.getFileName().toString()).filter(name -> name.startsWith("chk-")))
                    .allMatch(name -> completed.contains(Long.parseLong(name.substring(4))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files a checkpoint's {@code _metadata} names, relative to the job's directory. */
    private List<String> referencedFiles(long id) {
        JsonNode metadata;
        try {
            metadata = JsonMapper.builder()
                    .build()
                    .readTree(Files.readAllBytes(job.resolve("chk-" + id).resolve("_metadata")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> files = new ArrayList<>();
        for (JsonNode task : metadata.get("tasks")) {
            for (JsonNode subtask : task.get("subtasks")) {
                for (String list : List.of("handles", "inFlight")) {
                    for (JsonNode handle : subtask.get(list)) {
                        switch (handle.get("location").asString()) {
                            case "EXCLUSIVE" ->
                                files.add("chk-" + id + "/" + handle.get("path").asString());
                            case "SHARED" ->
                                files.add("shared/" + handle.get("path").asString());
                            default -> {}
                        }
                    }
                }
            }
        }
        return files;
    }
}
