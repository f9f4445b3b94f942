package io.cairn.agent.demo;

/**
 * Flink's key-group arithmetic: keys hash into a fixed number of key groups (the maximum
 * parallelism), and each subtask owns a contiguous range of them, so state can be redistributed
 * when the parallelism changes.
 */
final class KeyGroups {

    static final int MAX_PARALLELISM = 128;
    /** Key groups per snapshot file: unchanged chunks are reused, changed ones rewritten. */
    static final int CHUNK = 16;

    private KeyGroups() {}

    static int of(String key) {
        return Math.floorMod(key.hashCode() * 0x9E3779B9, MAX_PARALLELISM);
    }

    static int firstOf(int subtask, int parallelism) {
        return (subtask * MAX_PARALLELISM + parallelism - 1) / parallelism;
    }

    static int lastOf(int subtask, int parallelism) {
        return ((subtask + 1) * MAX_PARALLELISM - 1) / parallelism;
    }

    static boolean owns(int subtask, int parallelism, int keyGroup) {
        return keyGroup >= firstOf(subtask, parallelism) && keyGroup <= lastOf(subtask, parallelism);
    }

    static int chunkOf(int keyGroup) {
        return keyGroup / CHUNK;
    }
}
