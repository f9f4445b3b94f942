/**
 * Cairn's side of the agent protocol: the {@link io.cairn.agentclient.AgentClient} port the
 * coordinator and restores call, and its signed HTTP implementation.
 */
package io.cairn.agentclient;
