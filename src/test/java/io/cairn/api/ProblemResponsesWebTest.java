package io.cairn.api;

import io.cairn.common.DomainException;
import io.cairn.job.JobNotFound;
import io.cairn.job.RetentionMode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web slice: request binding and problem responses through {@link ProblemHandler} and the
 * strict JSON settings, on a probe controller, without the application behind them.
 */
@WebMvcTest(
        controllers = ProblemResponsesWebTest.Probe.class,
        // Security and the cluster's forwarding need their own parts: here only binding and problems.
        excludeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {"io\\.cairn\\.api\\.security\\..*", "io\\.cairn\\.cluster\\..*"}))
@AutoConfigureMockMvc(addFilters = false)
@Import({StrictJsonConfiguration.class, ProblemResponsesWebTest.Probe.class})
@EnableConfigurationProperties(ApiProperties.class)
class ProblemResponsesWebTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void aDomainRefusalIsAProblemWithItsTypeItsPropertiesAndTheApisRemedy() {
        assertThat(mvc.get().uri("/probe/jobs/{job}", "orders-1"))
                .hasStatus(404)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .satisfies(json -> {
                    assertThat(json).extractingPath("$.type").isEqualTo("urn:cairn:problem:job-not-found");
                    assertThat(json).extractingPath("$.title").isEqualTo("Job not found");
                    assertThat(json).extractingPath("$.jobId").isEqualTo("orders-1");
                    assertThat(json)
                            .extractingPath("$.detail")
                            .isEqualTo("No job 'orders-1' is registered; list jobs with GET /api/v1/jobs, register one"
                                    + " with POST /api/v1/jobs");
                });
    }

    @Test
    void aRefusalThatSaysWhenToRetryCarriesRetryAfter() {
        assertThat(mvc.get().uri("/probe/busy"))
                .hasStatus(429)
                .hasHeader("Retry-After", "7")
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:cairn:problem:probe-busy");
    }

    @Test
    void bodiesThatDoNotBindAreProblemsNamingTheField() {
        assertThat(mvc.post()
                        .uri("/probe/settings")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"numRetained\":\"many\"}"))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.field")
                .isEqualTo("numRetained");
        assertThat(mvc.post()
                        .uri("/probe/settings")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"retention\":\"SOMETIMES\"}"))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.field")
                .isEqualTo("retention");
        assertThat(mvc.post()
                        .uri("/probe/settings")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"numRetained\":"))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("urn:cairn:problem:malformed-json");
    }

    /** Stands in for Cairn's controllers: it only binds and refuses. */
    @RestController
    static class Probe {

        @GetMapping("/probe/jobs/{job}")
        String job(@PathVariable String job) {
            throw new JobNotFound(job);
        }

        @GetMapping("/probe/busy")
        String busy() {
            throw new Busy();
        }

        @PostMapping("/probe/settings")
        String settings(@RequestBody Settings settings) {
            return "bound";
        }
    }

    record Settings(Integer numRetained, RetentionMode retention) {}

    static final class Busy extends DomainException {

        Busy() {
            super("The probe is busy; retry in 7 s");
            with("retryAfterSeconds", 7L);
        }

        @Override
        public Outcome outcome() {
            return Outcome.TOO_MANY_REQUESTS;
        }

        @Override
        public String type() {
            return "probe-busy";
        }

        @Override
        public String title() {
            return "Probe busy";
        }
    }
}
