package io.cairn.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A keyed, stateful Flink job: a rate-limited generator of numbers, keyed by the number modulo
 * {@link #KEYS}, counting per key in a {@code ValueState}. With {@code slowSink} its sink takes a
 * millisecond a record, so buffers queue up and an unaligned checkpoint has in-flight data to persist.
 */
public final class CountingJob {

    public static final int KEYS = 64;
    /** The uid of the operator holding the counts. */
    public static final String COUNTING_UID = "count-per-key";

    private CountingJob() {}

    static void build(StreamExecutionEnvironment env, boolean slowSink) {
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                index -> index, Long.MAX_VALUE, RateLimiterStrategy.perSecond(slowSink ? 20_000 : 2_000), Types.LONG);
        var counts = env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .keyBy(number -> number % KEYS)
                .map(new CountPerKey())
                .uid(COUNTING_UID);
        if (slowSink) {
            counts = counts.map(count -> {
                        // The operator's cost per record, not a wait for anything: its input queues up.
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        return count;
                    })
                    .uid("slow");
        }
        counts.sinkTo(new DiscardingSink<>()).uid("discard");
    }

    /** Counts the records of each key. */
    static final class CountPerKey extends RichMapFunction<Long, Long> {

        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public Long map(Long number) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            return next;
        }
    }
}
