package io.cairn.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One subtask of a job, as a batched trigger lists those it addresses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubtaskRef(String taskId, int subtask) {}
