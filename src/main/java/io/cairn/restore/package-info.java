/**
 * Restores: resume a job from its latest or a chosen retained checkpoint, or from an external
 * {@code _metadata} path under an allowed root. Everything is checked before anything changes
 * (DESIGN section 5); then the checkpoint is pinned, each agent gets its state handles and its
 * watermark at checkpoint time, and every agent's answer is recorded.
 */
package io.cairn.restore;
