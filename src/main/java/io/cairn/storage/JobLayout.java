package io.cairn.storage;

import java.net.URI;

/**
 * The directories of one job under a checkpoint root.
 *
 * @param jobDirectory {@code <root>/<job-id>}
 * @param sharedDirectory {@code shared/}: state several checkpoints reference
 * @param taskOwnedDirectory {@code taskowned/}: state tasks own; Cairn never deletes it
 */
public record JobLayout(URI jobDirectory, URI sharedDirectory, URI taskOwnedDirectory) {}
