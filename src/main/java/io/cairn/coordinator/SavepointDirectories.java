package io.cairn.coordinator;

import java.security.SecureRandom;
import java.util.HexFormat;

import io.cairn.common.InvalidRequest;
import io.cairn.storage.RelativePaths;
import io.cairn.storage.StorageRoot;

/**
 * Names a savepoint's directory under the savepoint root (DESIGN section 2):
 * {@code [<target>/]savepoint-<first 6 of job id>-<12 random hex>}, relative to the root. A
 * requested target must lie under the root, as a URI or a relative path.
 */
final class SavepointDirectories {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SavepointDirectories() {
    }

    /**
     * @param targetDirectory null for the root itself
     * @throws InvalidRequest naming {@code targetDirectory} when it is not under the root
     */
    static String newDirectory(StorageRoot savepointRoot, String jobId, String targetDirectory) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String name = "savepoint-" + jobId.substring(0, Math.min(6, jobId.length())) + "-"
                + HexFormat.of().formatHex(random);
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
                throw new InvalidRequest("targetDirectory", "targetDirectory '" + target + "' is not a clean "
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
            throw new InvalidRequest("targetDirectory", "targetDirectory '" + target + "' is not under the "
                    + "savepoint root " + root + " (cairn.storage.savepoint-root)");
        }
        return root.relativize(requested);
    }
}
