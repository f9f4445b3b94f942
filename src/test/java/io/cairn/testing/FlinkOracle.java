package io.cairn.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.AbstractChannelStateHandle;
import org.apache.flink.runtime.state.AbstractMergedChannelStateHandle;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/** What Flink's own code says of a snapshot: the files its loader finds, and the state its restore reads back. */
public final class FlinkOracle {

    private FlinkOracle() {}

    /** Every file Flink's own deserializer finds behind a snapshot's handles. */
    public static Set<URI> files(Path metadata) throws IOException {
        CheckpointMetadata loaded;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadata))) {
            loaded = Checkpoints.loadCheckpointMetadata(
                    in,
                    FlinkOracle.class.getClassLoader(),
                    metadata.getParent().toUri().toString());
        }
        Set<URI> files = new HashSet<>();
        for (OperatorState operator : loaded.getOperatorStates()) {
            collect(operator.getCoordinatorState(), files);
            for (OperatorSubtaskState subtask : operator.getStates()) {
                subtask.getManagedOperatorState().forEach(handle -> collect(handle, files));
                subtask.getRawOperatorState().forEach(handle -> collect(handle, files));
                subtask.getManagedKeyedState().forEach(handle -> collect(handle, files));
                subtask.getRawKeyedState().forEach(handle -> collect(handle, files));
                subtask.getInputChannelState().forEach(handle -> collect(handle, files));
                subtask.getResultSubpartitionState().forEach(handle -> collect(handle, files));
            }
        }
        return files;
    }

    private static void collect(StateObject handle, Set<URI> files) {
        if (handle == null || handle instanceof ByteStreamStateHandle) {
            return;
        }
        if (handle instanceof KeyGroupsStateHandle keyGroups) {
            collect(keyGroups.getDelegateStateHandle(), files);
        } else if (handle instanceof IncrementalRemoteKeyedStateHandle incremental) {
            collect(incremental.getMetaDataStateHandle(), files);
            incremental.getSharedState().forEach(shared -> collect(shared.getHandle(), files));
            incremental.getPrivateState().forEach(owned -> collect(owned.getHandle(), files));
        } else if (handle instanceof OperatorStreamStateHandle operator) {
            collect(operator.getDelegateStateHandle(), files);
        } else if (handle instanceof AbstractChannelStateHandle<?> channel) {
            collect(channel.getDelegate(), files);
        } else if (handle instanceof AbstractMergedChannelStateHandle<?, ?> merged) {
            collect(merged.getDelegate(), files);
        } else if (handle instanceof FileStateHandle file) {
            files.add(file.getFilePath().toUri().normalize());
        } else {
            throw new AssertionError("a handle the oracle does not know: " + handle.getClass());
        }
    }

    /**
     * The count per key a {@link CountingJob} held at a RocksDB snapshot, restored by Flink itself
     * (the State Processor API runs the RocksDB backend's restore over every file the snapshot names).
     */
    public static Map<Long, Long> countsPerKey(URI snapshot) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                SharedFlink.restAddress().getHost(), SharedFlink.restAddress().getPort());
        env.setParallelism(1);
        SavepointReader reader = SavepointReader.read(env, snapshot.toString(), new EmbeddedRocksDBStateBackend());
        Map<Long, Long> counts = new TreeMap<>();
        try (CloseableIterator<Tuple2<Long, Long>> read = reader.readKeyedState(
                        OperatorIdentifier.forUid(CountingJob.COUNTING_UID), new CountReader())
                .executeAndCollect()) {
            read.forEachRemaining(entry -> counts.put(entry.f0, entry.f1));
        }
        return counts;
    }

    /** {@link #countsPerKey} of each snapshot. */
    public static Map<URI, Map<Long, Long>> countsPerKey(List<URI> snapshots) throws Exception {
        Map<URI, Map<Long, Long>> counts = new HashMap<>();
        for (URI snapshot : snapshots) {
            counts.put(snapshot, countsPerKey(snapshot));
        }
        return counts;
    }

    /** Reads {@link CountingJob}'s count of each key. */
    static final class CountReader extends KeyedStateReaderFunction<Long, Tuple2<Long, Long>> {

        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void readKey(Long key, Context context, Collector<Tuple2<Long, Long>> out) throws Exception {
            out.collect(Tuple2.of(key, count.value()));
        }
    }
}
