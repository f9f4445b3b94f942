package io.cairn.agentclient;

import java.util.Optional;

/** The agent secret of a job, for signing Cairn's calls to its agents and checking theirs. */
public interface AgentSecretLookup {

    /** Empty for an unknown job: every registration issues a secret. */
    Optional<String> secretOf(String jobId);
}
