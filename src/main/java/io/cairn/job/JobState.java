package io.cairn.job;

/** A job runs until it is cancelled by a user, or its engine reports it failed or finished. */
public enum JobState {
    RUNNING,
    CANCELED,
    FAILED,
    FINISHED
}
