package io.cairn.coordinator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.common.JsonFastPath;
import io.cairn.protocol.AckResponse;
import io.cairn.protocol.Acknowledge;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * An ack that is accepted, answered without Spring MVC ({@link JsonFastPath}): every agent sends
 * one per checkpoint, and MVC was half of Cairn's CPU per ack at 64 agents. A refused ack goes on
 * to {@link CheckpointController}: acks are safe to repeat, so the controller seeing one again
 * changes nothing, and refusals keep one rendering.
 */
class AckFastPath extends JsonFastPath<Acknowledge, AckResponse> {

    static final String PATTERN = "/api/v1/jobs/{jobId}/checkpoints/{checkpointId}/acks";
    private static final Pattern ACK = Pattern.compile("^/api/v1/jobs/([^/]+)/checkpoints/(\\d{1,18})/acks$");

    private final AckReceiver acks;

    AckFastPath(AckReceiver acks, JsonMapper mapper) {
        super("POST", ACK, PATTERN, mapper, Acknowledge.class, AckResponse.class);
        this.acks = acks;
    }

    @Override
    protected AckResponse answer(Matcher path, Acknowledge ack) {
        return acks.acknowledge(path.group(1), Long.parseLong(path.group(2)), ack);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<AckFastPath> ackFastPath(AckReceiver acks, JsonMapper mapper) {
            return lastInChain(new AckFastPath(acks, mapper));
        }
    }
}
