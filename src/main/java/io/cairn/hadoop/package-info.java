/**
 * What Cairn's storage and the agent SDK both need from Hadoop beyond its own classes: a local
 * file system that does not fork a process per file.
 */
package io.cairn.hadoop;
