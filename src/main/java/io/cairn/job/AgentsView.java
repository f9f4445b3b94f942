package io.cairn.job;

import java.util.List;

/**
 * The agents of a job and which subtasks still have none.
 *
 * @param expected subtasks the job's tasks add up to
 * @param missing subtasks without an agent, as {@code taskId/subtask}
 */
record AgentsView(int expected, int registered, List<String> missing, List<AgentView> agents) {}
