package io.cairn.agent.sdk;

import java.net.URI;
import java.util.List;

import io.cairn.protocol.RestoreCommand;
import io.cairn.protocol.StateHandleRef;

/** What a task gets on restore: the handles of its state, a way to read them, and its watermark. */
public final class RestoreContext {

    private final RestoreCommand command;
    private final StateFiles files;

    RestoreContext(RestoreCommand command, StateFiles files) {
        this.command = command;
        this.files = files;
    }

    public long checkpointId() {
        return command.checkpointId();
    }

    /** The subtask's watermark at checkpoint time, or null; emit it before replaying in-flight records. */
    public Long watermark() {
        return command.watermark();
    }

    public List<StateHandleRef> handles() {
        return command.handles();
    }

    /** The bytes of a handle, wherever they are. */
    public byte[] read(StateHandleRef handle) {
        return switch (handle.location()) {
            case INLINE -> handle.inline().clone();
            case EXCLUSIVE -> files.read(URI.create(command.checkpointDir()), handle.path());
            case SHARED -> files.read(URI.create(command.sharedDir()), handle.path());
        };
    }
}
