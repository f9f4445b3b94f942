package io.cairn.flink;

import java.net.URI;

/**
 * One file a Flink snapshot references, as its {@code _metadata} names it.
 *
 * @param uri where the file is; a savepoint's relative handles resolved against its directory
 * @param bytes the size the handle records (for a key-group or operator handle, its whole file)
 * @param role which kind of handle names it
 */
public record FlinkStateFile(URI uri, long bytes, Role role) {

    public enum Role {
        /** Keyed state of a full snapshot (hashmap, or RocksDB full/canonical). */
        KEYED,
        /** An incremental RocksDB snapshot's metadata file. */
        INCREMENTAL_METADATA,
        /** An SST file of an incremental RocksDB snapshot, kept under {@code shared/} and reused by later ones. */
        INCREMENTAL_SHARED,
        /** A file of an incremental RocksDB snapshot that only this snapshot uses (e.g. MANIFEST, OPTIONS). */
        INCREMENTAL_PRIVATE,
        /** Operator (non-keyed) state, e.g. a source's splits. */
        OPERATOR,
        /** In-flight data of an unaligned checkpoint. */
        IN_FLIGHT
    }
}
