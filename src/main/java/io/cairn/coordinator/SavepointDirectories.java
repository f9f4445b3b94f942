package io.cairn.coordinator;

import io.cairn.common.InvalidRequest;
import io.cairn.storage.CheckpointLayout;
import io.cairn.storage.RelativePaths;
import io.cairn.storage.StorageRoot;

/**
 * Places a savepoint's directory under the savepoint root:
 * {@code [<target>/]<name from CheckpointLayout>}, relative to the root. A
 * requested target must lie under the root, as a URI or a relative path.
 */
final class SavepointDirectories {

    private SavepointDirectories() {}

    /**
     * @param targetDirectory null for the root itself
     * @throws InvalidRequest naming {@code targetDirectory} when it is not under the root
     */
    static String newDirectory(StorageRoot savepointRoot, String jobId, String targetDirectory) {
        String name = CheckpointLayout.newSavepointDirectoryName(jobId);
        String parent = parent(savepointRoot, targetDirectory);
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    private static String parent(StorageRoot root, String target) {
        if (target == null || target.isBlank()) {
            return "";
        }
        if (!target.contains(":")) {
            String relative = target.replaceAll("/+$", "");
            if (!RelativePaths.isSafe(relative)) {
                throw new InvalidRequest(
                        "targetDirectory",
                        "targetDirectory '" + target + "' is not a clean "
                                + "relative path (no leading '/', '.', '..' or empty segments); give a path under the "
                                + "savepoint root " + root + " or a URI below it");
            }
            return relative;
        }
        StorageRoot requested;
        try {
            requested = StorageRoot.parse(target);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("targetDirectory", "targetDirectory cannot be used: " + e.getMessage());
        }
        if (!root.contains(requested)) {
            throw new InvalidRequest(
                    "targetDirectory",
                    "targetDirectory '" + target + "' is not under the " + "savepoint root " + root
                            + " (cairn.storage.savepoint-root)");
        }
        return root.relativize(requested);
    }
}
