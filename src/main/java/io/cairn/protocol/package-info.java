/**
 * The agent protocol: the records both Cairn and an engine's task agents exchange over HTTP,
 * and the vocabulary they share. Records ignore fields they do not know, so either side may
 * add one without breaking the other.
 */
package io.cairn.agent;
