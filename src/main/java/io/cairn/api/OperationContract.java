package io.cairn.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.cairn.protocol.Acknowledge;
import io.cairn.protocol.Decline;
import io.cairn.protocol.StateHandleRef;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * Completes {@code /v3/api-docs} with what signatures cannot tell springdoc: every operation's
 * real success status, the problems it answers with their types, request and response examples
 * (from {@code openapi/operations.yaml}), descriptions of every parameter, the fields a request
 * must carry, and the agent callbacks as their own tag under the HMAC scheme instead of the
 * bearer token. An operation missing from the file fails the description: document it there.
 */
@Component
class OperationContract implements OpenApiCustomizer {

    static final String AGENT_TAG = "Agent protocol";
    private static final String AGENT_SCHEME = "agentSignature";
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_PREFIX = ProblemTypes.PREFIX;

    private static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("jobId", "The job's id, as registered ([A-Za-z0-9][A-Za-z0-9._-]{0,63})"),
            Map.entry("checkpointId", "The checkpoint's (or savepoint's) id within the job"),
            Map.entry("restoreId", "The restore's id, as the 202 of POST .../restores gave it"),
            Map.entry("taskId", "The task the agent serves"),
            Map.entry("subtask", "The subtask index the agent serves, from 0 to parallelism - 1"),
            Map.entry("page", "Page number, from 0"),
            Map.entry("size", "Page size, 1 to 500"),
            Map.entry("status", "Only checkpoints in this status"),
            Map.entry("state", "Only jobs in this state"),
            Map.entry("dryRun", "true (default): report what would be swept and delete nothing"),
            Map.entry(
                    "gracePeriod",
                    "ISO-8601 duration: younger files are kept; default twice the longest checkpoint "
                            + "timeout of any job"));

    /** Request records whose fields a client must send; primitives and non-null fields are required. */
    private static final List<Class<?>> REQUESTS = List.of(Acknowledge.class, StateHandleRef.class, Decline.class);

    private final Map<String, Map<String, Object>> operations;

    OperationContract() {
        try (InputStream in = OperationContract.class.getResourceAsStream("/openapi/operations.yaml")) {
            this.operations = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        api.getComponents()
                .addSecuritySchemes(
                        AGENT_SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-Cairn-Signature")
                                .description(
                                        "HMAC-SHA256 with the job's agent secret over method, path, body digest, X-Cairn-Timestamp "
                                                + "and X-Cairn-Nonce; see the agent protocol. No bearer token."));
        api.addTagsItem(new Tag()
                .name(AGENT_TAG)
                .description("Called by a job's agents, signed with its agent "
                        + "secret: registration, acknowledgements and declines"));
        api.getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().forEach((method, operation) -> apply(method, path, operation)));
        markRequiredFields(api);
    }

    @SuppressWarnings("unchecked")
    private void apply(PathItem.HttpMethod method, String path, Operation operation) {
        String key = method.name() + " " + path;
        Map<String, Object> contract = operations.get(key);
        if (contract == null) {
            throw new IllegalStateException(key + " is not described in openapi/operations.yaml");
        }
        boolean agent = Boolean.TRUE.equals(contract.get("agent"));
        Content body = successContent(operation);
        ApiResponses responses = new ApiResponses();
        Map<String, Object> success = (Map<String, Object>) contract.get("success");
        Object example = contract.get("response");
        responses.addApiResponse(
                String.valueOf(success.get("status")), response((String) success.get("description"), body, example));
        ((Map<Object, String>) contract.getOrDefault("extra", Map.of()))
                .forEach((status, description) ->
                        responses.addApiResponse(String.valueOf(status), response(description, body, example)));
        errors(path, operation, agent, (Map<Object, List<String>>) contract.getOrDefault("errors", Map.of()))
                .forEach((status, types) -> responses.addApiResponse(String.valueOf(status), problem(status, types)));
        operation.setResponses(responses);
        if (operation.getRequestBody() != null && contract.get("request") != null) {
            operation
                    .getRequestBody()
                    .getContent()
                    .values()
                    .forEach(media -> media.setExample(contract.get("request")));
        }
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getDescription() == null) {
                    parameter.setDescription(PARAMETERS.get(parameter.getName()));
                }
            }
        }
        if (agent) {
            operation.setTags(List.of(AGENT_TAG));
            operation.setSecurity(List.of(new SecurityRequirement().addList(AGENT_SCHEME)));
        }
    }

    /** The declared problems plus those every operation of its kind can answer. */
    private static Map<Integer, Set<String>> errors(
            String path, Operation operation, boolean agent, Map<Object, List<String>> declared) {
        Map<Integer, Set<String>> errors = new TreeMap<>();
        declared.forEach((status, types) -> errors.computeIfAbsent(
                        Integer.valueOf(String.valueOf(status)), ignored -> new LinkedHashSet<>())
                .addAll(types));
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            errors.computeIfAbsent(400, ignored -> new LinkedHashSet<>()).add("invalid-parameter");
        }
        errors.computeIfAbsent(401, ignored -> new LinkedHashSet<>())
                .add(agent ? "agent-signature-invalid" : "unauthenticated");
        if (!agent) {
            errors.computeIfAbsent(403, ignored -> new LinkedHashSet<>()).add("forbidden");
        }
        if (path.contains("{jobId}")) {
            errors.computeIfAbsent(404, ignored -> new LinkedHashSet<>()).add("job-not-found");
        }
        if (operation.getRequestBody() != null) {
            errors.computeIfAbsent(413, ignored -> new LinkedHashSet<>()).add("payload-too-large");
        }
        if (path.matches("/api/v1/jobs/\\{jobId}/(checkpoints|savepoints|restores)")) {
            errors.computeIfAbsent(429, ignored -> new LinkedHashSet<>()).add("rate-limited");
        }
        return errors;
    }

    private static Content successContent(Operation operation) {
        ApiResponse generated = operation.getResponses() == null
                ? null
                : operation.getResponses().get("200");
        return generated == null ? null : generated.getContent();
    }

    private static ApiResponse response(String description, Content generated, Object example) {
        ApiResponse response = new ApiResponse().description(description);
        if (generated != null) {
            Content content = new Content();
            generated.forEach((type, media) -> content.addMediaType(
                    type, new MediaType().schema(media.getSchema()).example(example)));
            response.setContent(content);
        }
        return response;
    }

    private static ApiResponse problem(int status, Set<String> types) {
        String first = types.iterator().next();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", PROBLEM_PREFIX + first);
        example.put("title", "Refused");
        example.put("status", status);
        example.put("detail", "What is wrong with this request and how to fix it");
        List<String> uris = new ArrayList<>();
        types.forEach(type -> uris.add(PROBLEM_PREFIX + type));
        return new ApiResponse()
                .description("Problem types: " + String.join(", ", uris))
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType()
                                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                                        .example(example)));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem document; type is stable, detail says what to fix, "
                        + "extension members (jobId, checkpointId, field, ...) name what it is about")
                .addProperty("type", new StringSchema().example(PROBLEM_PREFIX + "job-not-found"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("field", new StringSchema().description("The request field or parameter at fault"));
    }

    /** Strict reading refuses a missing primitive or non-null field: the description says so. */
    @SuppressWarnings("rawtypes")
    private static void markRequiredFields(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        for (Class<?> request : REQUESTS) {
            Schema schema = schemas.get(request.getSimpleName());
            if (schema == null) {
                continue;
            }
            Set<String> required = new LinkedHashSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
            for (RecordComponent component : request.getRecordComponents()) {
                if (component.getType().isPrimitive()
                        || component.isAnnotationPresent(NotNull.class)
                        || component.isAnnotationPresent(NotBlank.class)
                        || component.isAnnotationPresent(NotEmpty.class)) {
                    required.add(component.getName());
                }
            }
            schema.setRequired(new ArrayList<>(required));
        }
    }
}
