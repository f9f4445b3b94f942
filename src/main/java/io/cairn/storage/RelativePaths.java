package io.cairn.storage;

/** The rule for paths stored relative to a checkpoint or shared directory. */
public final class RelativePaths {

    private RelativePaths() {}

    /** Relative, normalised, no empty or dot segments, no scheme, no control characters. */
    public static boolean isSafe(String path) {
        if (path == null
                || path.isEmpty()
                || path.length() > 1024
                || path.startsWith("/")
                || path.contains(":")
                || path.contains("\\")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()
                    || segment.equals(".")
                    || segment.equals("..")
                    || segment.chars().anyMatch(Character::isISOControl)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a state handle path names something Cairn writes itself: {@code _metadata} or one of
     * its temporary names, in any segment. A handle naming one would hand the agent Cairn's own file.
     */
    public static boolean isReserved(String path) {
        for (String segment : path.split("/", -1)) {
            if (CheckpointLayout.isReservedName(segment)) {
                return true;
            }
        }
        return false;
    }
}
