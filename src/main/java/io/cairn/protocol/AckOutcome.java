package io.cairn.protocol;

/**
 * What Cairn made of an acknowledgement or decline. All are normal answers (HTTP 200).
 * ACCEPTED: counted. DUPLICATE: already counted, nothing changed. UNKNOWN: no such checkpoint
 * was ever triggered for this subtask. DISCARDED: the checkpoint had already ended (aborted,
 * expired or subsumed); the files the ack names are deleted.
 */
public enum AckOutcome {
    ACCEPTED,
    DUPLICATE,
    UNKNOWN,
    DISCARDED
}
