package io.cairn.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and description Swagger UI shows above the endpoints, and the bearer scheme its
 * "Authorize" button fills in.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";

    @Bean
    OpenAPI cairnOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Cairn API")
                        .version("v1")
                        .description(
                                "Checkpoint coordination, catalog, retention and restore for stream-processing jobs. "
                                        + "Errors are RFC 9457 problem documents (application/problem+json); durations are ISO-8601. "
                                        + "Every call needs 'Authorization: Bearer <API token>' with role VIEWER (reads), OPERATOR "
                                        + "(triggers, savepoints, restores, job ends) or ADMIN (deletes, sweeps, settings); agent "
                                        + "callbacks are signed with the job's agent secret instead.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description(
                                                "An API token (cairn.security.tokens; the embedded run writes one to "
                                                        + "./data/admin-token) or a JWT from the configured issuer")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
