package io.cairn.storage;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one home of the storage layout's names (docs/architecture.md, "The storage contract"):
 * {@code <job>/{shared,taskowned,chk-N}}, {@code _metadata} and its temporary names, savepoint
 * directories. Paths here are relative to a root and '/'-separated; every other package asks this
 * class instead of spelling a name, so a foreign layout (Flink's) or another store changes here.
 */
public final class CheckpointLayout {

    public static final String METADATA = "_metadata";
    /** Prefix of the temporary names {@code _metadata} is written under before it is published. */
    static final String METADATA_TEMP_PREFIX = "._metadata_temp";
    /** Prefix of the small files {@link CheckpointStorage#probe()} writes and removes. */
    static final String PROBE_PREFIX = ".cairn-probe-";

    static final String SHARED = "shared";
    static final String TASK_OWNED = "taskowned";
    private static final String CHECKPOINT_PREFIX = "chk-";
    private static final Pattern CHECKPOINT_DIRECTORY = Pattern.compile("chk-([1-9][0-9]{0,18})");
    private static final Pattern SAVEPOINT_DIRECTORY = Pattern.compile("savepoint-[A-Za-z0-9._-]{1,6}-[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CheckpointLayout() {}

    /** {@code <job>/chk-<id>}. */
    public static String checkpointDirectory(String jobId, long checkpointId) {
        if (checkpointId < 1) {
            throw new IllegalArgumentException("checkpoint ids start at 1, got " + checkpointId);
        }
        return JobIdRule.require(jobId) + "/" + checkpointDirectoryName(checkpointId);
    }

    static String checkpointDirectoryName(long checkpointId) {
        return CHECKPOINT_PREFIX + checkpointId;
    }

    /** {@code <job>/shared}. */
    public static String sharedDirectory(String jobId) {
        return JobIdRule.require(jobId) + "/" + SHARED;
    }

    /**
     * The {@code shared/} beside a checkpoint directory given relative to a root: for
     * {@code orders-1/chk-7} it is {@code orders-1/shared}; for a directory at the root, {@code shared}.
     */
    public static String sharedBeside(String checkpointDirectory) {
        int slash = checkpointDirectory.lastIndexOf('/');
        return slash < 0 ? SHARED : checkpointDirectory.substring(0, slash) + "/" + SHARED;
    }

    /** The id of a {@code chk-N} directory name, or empty for any other name. */
    public static OptionalLong checkpointId(String directoryName) {
        Matcher matcher = CHECKPOINT_DIRECTORY.matcher(directoryName);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    public static boolean isSharedDirectory(String name) {
        return SHARED.equals(name);
    }

    /** {@code taskowned/} belongs to the tasks: Cairn never lists, reports or deletes anything in it. */
    public static boolean isTaskOwnedDirectory(String name) {
        return TASK_OWNED.equals(name);
    }

    /** A temporary name Cairn writes (a {@code _metadata} on its way, a probe): never part of a checkpoint. */
    public static boolean isTemporaryName(String name) {
        return name.startsWith(METADATA_TEMP_PREFIX) || name.startsWith(PROBE_PREFIX);
    }

    /** A name a state handle may not use in any segment: {@code _metadata} or one of its temporary names. */
    public static boolean isReservedName(String segment) {
        return segment.equals(METADATA) || segment.startsWith(METADATA_TEMP_PREFIX);
    }

    /** {@code savepoint-<first 6 of the job id>-<12 random hex>}. */
    public static String newSavepointDirectoryName(String jobId) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "savepoint-" + jobId.substring(0, Math.min(6, jobId.length())) + "-"
                + HexFormat.of().formatHex(random);
    }

    public static boolean isSavepointDirectory(String name) {
        return SAVEPOINT_DIRECTORY.matcher(name).matches();
    }

    /** A checkpoint's directory from a path that may name its {@code _metadata} instead. */
    public static String directoryOf(String pathToDirectoryOrMetadata) {
        String suffix = "/" + METADATA;
        return pathToDirectoryOrMetadata.endsWith(suffix)
                ? pathToDirectoryOrMetadata.substring(0, pathToDirectoryOrMetadata.length() - suffix.length())
                : pathToDirectoryOrMetadata;
    }

    /** The {@code _metadata} of a checkpoint directory. */
    public static String metadataOf(String directory) {
        return directory + "/" + METADATA;
    }
}
