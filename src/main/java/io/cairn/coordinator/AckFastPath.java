package io.cairn.coordinator;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.common.JsonFastPath;
import io.cairn.protocol.AckResponse;
import io.cairn.protocol.Acknowledge;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * An ack that is accepted, answered without Spring MVC ({@link JsonFastPath}): every agent sends
 * one per checkpoint, and MVC was half of Cairn's CPU per ack at 64 agents. A refused ack goes on
 * to {@link CheckpointController}: acks are safe to repeat, so the controller seeing one again
 * changes nothing, and refusals keep one rendering.
 */
class AckFastPath extends JsonFastPath {

    static final String PATTERN = "/api/v1/jobs/{jobId}/checkpoints/{checkpointId}/acks";
    private static final Pattern ACK = Pattern.compile("^/api/v1/jobs/([^/]+)/checkpoints/(\\d{1,18})/acks$");

    private final AckReceiver acks;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    AckFastPath(AckReceiver acks, JsonMapper mapper) {
        super("POST", ACK, PATTERN);
        this.acks = acks;
        this.reader = mapper.readerFor(Acknowledge.class);
        this.writer = mapper.writerFor(AckResponse.class);
    }

    @Override
    protected byte[] answer(Matcher path, InputStream body) throws IOException {
        Acknowledge ack = reader.readValue(body);
        return writer.writeValueAsBytes(acks.acknowledge(path.group(1), Long.parseLong(path.group(2)), ack));
    }

    /**
     * Registered here rather than scanned as a component: web test slices pick up every filter
     * component, and this one needs the coordinator. Last in the chain, so after the security one.
     */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<AckFastPath> ackFastPath(AckReceiver acks, JsonMapper mapper) {
            FilterRegistrationBean<AckFastPath> registration =
                    new FilterRegistrationBean<>(new AckFastPath(acks, mapper));
            registration.addUrlPatterns("/api/v1/jobs/*");
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }
}
