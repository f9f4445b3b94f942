package io.cairn.coordinator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.common.JsonFastPath;
import io.cairn.protocol.AckBatch;
import io.cairn.protocol.AckBatchResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** A batched agent's acks answered without Spring MVC, as {@link AckFastPath} answers single ones. */
class AckBatchFastPath extends JsonFastPath<AckBatch, AckBatchResponse> {

    static final String PATTERN = "/api/v1/jobs/{jobId}/checkpoints/{checkpointId}/ack-batches";
    private static final Pattern BATCH = Pattern.compile("^/api/v1/jobs/([^/]+)/checkpoints/(\\d{1,18})/ack-batches$");

    private final AckReceiver acks;

    AckBatchFastPath(AckReceiver acks, JsonMapper mapper) {
        super("POST", BATCH, PATTERN, mapper, AckBatch.class, AckBatchResponse.class);
        this.acks = acks;
    }

    @Override
    protected AckBatchResponse answer(Matcher path, AckBatch batch) {
        return acks.acknowledgeAll(path.group(1), Long.parseLong(path.group(2)), batch);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<AckBatchFastPath> ackBatchFastPath(AckReceiver acks, JsonMapper mapper) {
            return lastInChain(new AckBatchFastPath(acks, mapper));
        }
    }
}
