package io.cairn.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.cairn.agentclient.AgentClient;
import io.cairn.protocol.AgentHealth;
import io.cairn.protocol.CheckpointNotification;
import io.cairn.protocol.RestoreCommand;
import io.cairn.protocol.TriggerCheckpoint;

/**
 * A fake of Cairn's own {@link AgentClient} port: records every call and answers as each agent URL
 * was told to (success unless {@link #refuse} or {@link #hang} says otherwise).
 */
public final class FakeAgentClient implements AgentClient {

    /** One call Cairn made: which agent, which operation, and the message. */
    public record Call(String agentUrl, String operation, Object message) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private enum Answer {
        REFUSE,
        HANG
    }

    /** Every call to this agent from now on fails, as an agent answering 5xx would. */
    public FakeAgentClient refuse(String agentUrl) {
        answers.put(agentUrl, Answer.REFUSE);
        return this;
    }

    /** Every call to this agent from now on never answers. */
    public FakeAgentClient hang(String agentUrl) {
        answers.put(agentUrl, Answer.HANG);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String operation) {
        return calls.stream().filter(call -> call.operation().equals(operation)).toList();
    }

    @Override
    public CompletableFuture<Void> trigger(String agentUrl, TriggerCheckpoint trigger) {
        return answer(new Call(agentUrl, "trigger", trigger), null);
    }

    @Override
    public CompletableFuture<Void> notifyComplete(String agentUrl, CheckpointNotification notification) {
        return answer(new Call(agentUrl, "complete", notification), null);
    }

    @Override
    public CompletableFuture<Void> notifyAbort(String agentUrl, CheckpointNotification notification) {
        return answer(new Call(agentUrl, "abort", notification), null);
    }

    @Override
    public CompletableFuture<AgentHealth> health(String jobId, String agentUrl) {
        return answer(new Call(agentUrl, "health", jobId), new AgentHealth(jobId, null, -1, "UP"));
    }

    @Override
    public CompletableFuture<Void> restore(String agentUrl, RestoreCommand command) {
        return answer(new Call(agentUrl, "restore", command), null);
    }

    private <T> CompletableFuture<T> answer(Call call, T value) {
        calls.add(call);
        Answer answer = answers.get(call.agentUrl());
        if (answer == Answer.REFUSE) {
            return CompletableFuture.failedFuture(new IllegalStateException(call.agentUrl() + " answered HTTP 503"));
        }
        if (answer == Answer.HANG) {
            return new CompletableFuture<>();
        }
        return CompletableFuture.completedFuture(value);
    }
}
