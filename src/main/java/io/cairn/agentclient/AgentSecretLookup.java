package io.cairn.agent;

import java.util.Optional;

/** The agent secret of a job, for signing Cairn's calls to its agents and checking theirs. */
public interface AgentSecretLookup {

    /** Empty for an unknown job, or one registered before signing whose secret was never rotated. */
    Optional<String> secretOf(String jobId);
}
