package io.cairn.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description Swagger UI shows above the endpoints. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI cairnOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Cairn API")
                .version("v1")
                .description("Checkpoint coordination, catalog, retention and restore for stream-processing jobs. "
                        + "Errors are RFC 9457 problem documents (application/problem+json); durations are ISO-8601.")
                .license(new License().name("Apache-2.0")));
    }
}
