package io.cairn.protocol;

/**
 * How a checkpoint's barriers travel. ALIGNED waits for barriers on every input before the
 * snapshot; UNALIGNED overtakes buffered records and snapshots them as in-flight data, which
 * is why an unaligned checkpoint cannot be restored at a different parallelism.
 */
public enum Alignment {
    ALIGNED,
    UNALIGNED
}
