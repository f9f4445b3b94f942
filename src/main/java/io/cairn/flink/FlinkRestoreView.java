package io.cairn.flink;

/**
 * What a Flink job restores from, checked: the snapshot's directory (Flink's {@code savepointPath},
 * also for a retained checkpoint), how, and what was checked.
 *
 * @param filesChecked files its {@code _metadata} names, each found with the size it records
 * @param startedJobId the job Flink started from it through {@code /jars/:jarid/run}; null when none was started
 */
record FlinkRestoreView(
        String flinkJobId,
        long checkpointId,
        String path,
        FlinkRestoreRequest.ClaimMode claimMode,
        boolean allowNonRestoredState,
        int filesChecked,
        long bytesChecked,
        String startedJobId) {}
