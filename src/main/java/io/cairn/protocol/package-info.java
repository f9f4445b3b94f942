/**
 * The agent protocol: the records Cairn and an engine's task agents exchange over HTTP, the
 * paths, and the request signature. It depends on the JDK and Jackson's annotations only, so an
 * engine can take it alone. Records ignore fields they do not know, so either side may add one
 * without breaking the other. {@code docs/agent-protocol.md} specifies it for other languages.
 */
package io.cairn.protocol;
