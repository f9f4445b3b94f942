package io.cairn.coordinator;

import java.time.Duration;
import java.util.List;

import io.cairn.protocol.CheckpointNotification;
import io.cairn.protocol.TriggerCheckpoint;
import io.cairn.testing.FakeAgentClient;
import io.cairn.testing.IsolatedData;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What Cairn sends to agents, seen through a fake of its own {@link io.cairn.agentclient.AgentClient}
 * port: the agents are registered over the real API, and every call Cairn makes to them is recorded
 * instead of sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AgentCallsIT.FakeAgents.class)
class AgentCallsIT {

    @TestConfiguration
    static class FakeAgents {

        @Bean
        @Primary
        FakeAgentClient fakeAgentClient() {
            return new FakeAgentClient();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    FakeAgentClient agents;

    private String secret;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        IsolatedData.register(registry, "agent-calls");
    }

    @BeforeEach
    void setUp() {
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.basePath = "/api/v1";
        TestAuth.adminByDefault();
    }

    @Test
    void everySubtaskGetsOneTriggerNamingItsDirectoriesAndWhereToAnswer() {
        register("calls", 2);
        long id = trigger("calls");

        await().until(() -> triggersOf("calls").size() == 2);
        List<TriggerCheckpoint> triggers = triggersOf("calls");
        assertThat(triggers).extracting(TriggerCheckpoint::subtask).containsExactlyInAnyOrder(0, 1);
        TriggerCheckpoint first = triggers.get(0);
        assertThat(first.checkpointId()).isEqualTo(id);
        assertThat(first.exclusiveDir()).endsWith("/calls/chk-" + id);
        assertThat(first.sharedDir()).endsWith("/calls/shared");
        assertThat(first.taskOwnedDir()).endsWith("/calls/taskowned");
        assertThat(first.ackUrl())
                .isEqualTo("http://127.0.0.1:" + port + "/api/v1/jobs/calls/checkpoints/" + id + "/acks");
        assertThat(first.declineUrl())
                .isEqualTo("http://127.0.0.1:" + port + "/api/v1/jobs/calls/checkpoints/" + id + "/declines");
        assertThat(first.savepoint()).isFalse();
    }

    @Test
    void anAgentThatRefusesTheTriggerFailsTheCheckpointAndEveryAgentHearsTheAbort() {
        register("refusing", 2);
        agents.refuse(url("refusing", 1));

        long id = trigger("refusing");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> "FAILED"
                        .equals(given().get("/jobs/refusing/checkpoints/{id}", id)
                                .then()
                                .extract()
                                .path("status")));
        given().get("/jobs/refusing/checkpoints/{id}", id)
                .then()
                .body("failureReason", equalTo("AGENT_LOST"))
                .body("failureMessage", containsString("t/1"));
        await().until(() -> agents.calls("abort").stream()
                        .filter(call -> call.message() instanceof CheckpointNotification notice
                                && notice.jobId().equals("refusing")
                                && notice.checkpointId() == id)
                        .map(FakeAgentClient.Call::agentUrl)
                        .distinct()
                        .count()
                == 2);
    }

    private List<TriggerCheckpoint> triggersOf(String job) {
        return agents.calls("trigger").stream()
                .map(call -> (TriggerCheckpoint) call.message())
                .filter(trigger -> trigger.jobId().equals(job))
                .toList();
    }

    private void register(String job, int parallelism) {
        given().contentType(ContentType.JSON)
                .body("{\"jobId\":\"" + job + "\",\"name\":\"n\",\"tasks\":[{\"taskId\":\"t\",\"parallelism\":"
                        + parallelism + "}]}")
                .post("/jobs")
                .then()
                .statusCode(201);
        secret = TestAuth.agentSecret("http://127.0.0.1:" + port, job);
        for (int subtask = 0; subtask < parallelism; subtask++) {
            String body = "{\"url\":\"" + url(job, subtask) + "\"}";
            given().contentType(ContentType.JSON)
                    .body(body)
                    .filter(TestAuth.signedAs(secret))
                    .put("/jobs/{job}/agents/t/{subtask}", job, subtask)
                    .then()
                    .statusCode(201);
        }
    }

    private static String url(String job, int subtask) {
        return "http://127.0.0.1:9/" + job + "/t/" + subtask;
    }

    private static long trigger(String job) {
        return given().post("/jobs/{job}/checkpoints", job)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }
}
