/**
 * The catalog of what Cairn knows about snapshots: checkpoints and savepoints with their status
 * and statistics, per-subtask snapshot statistics, shared-state entries with their references,
 * and restores. Entities keep their own state rules; nothing here touches a file system.
 */
package io.cairn.catalog;
