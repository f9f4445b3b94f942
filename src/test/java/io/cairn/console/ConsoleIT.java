package io.cairn.console;

import java.util.Map;

import io.cairn.agent.demo.DemoEngine;
import io.cairn.testing.Browser;
import io.cairn.testing.SharedCairn;
import io.cairn.testing.TestAuth;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium against a running Cairn and the demo engine: an operator signs
 * in, watches checkpoints arrive without reloading, opens one down to its subtasks, triggers a
 * checkpoint and a savepoint, restores through the form after its checks, and a viewer is offered
 * nothing destructive. Every page is photographed under {@code target/console-screenshots/}.
 */
class ConsoleIT extends SharedCairn {

    private static final String JOB = "console-demo";

    @LocalServerPort
    int port;

    private DemoEngine engine;
    private Browser browser;

    @BeforeEach
    void demoJob() throws Exception {
        RestAssured.reset();
        RestAssured.port = port;
        RestAssured.basePath = "/api/v1";
        TestAuth.adminByDefault();
        if (given().get("/jobs/{job}", JOB).statusCode() == 404) {
            given().contentType(ContentType.JSON)
                    .body("{\"jobId\":\"" + JOB + "\",\"name\":\"word counts\",\"tasks\":["
                            + "{\"taskId\":\"source\",\"parallelism\":1},{\"taskId\":\"count\",\"parallelism\":2}],"
                            + "\"checkpointing\":{\"numRetained\":3}}")
                    .post("/jobs")
                    .then()
                    .statusCode(201);
        }
        engine = TestAuth.demoEngine("http://127.0.0.1:" + port, JOB, 1, 2, 50, new Configuration());
        browser = new Browser();
    }

    @AfterEach
    void stop() {
        browser.close();
        engine.close();
    }

    @Test
    void anOperatorFollowsCheckpointsLiveAndTriggersSavesAndRestores() {
        long first = trigger();
        signIn(TestAuth.ADMIN);
        browser.screenshot("jobs");
        assertThat(browser.text("tr[data-job='" + JOB + "']")).contains(JOB).contains("RUNNING");

        browser.click("tr[data-job='" + JOB + "'] a");
        browser.find("#count-completed");
        browser.screenshot("job-overview");
        browser.click("nav.tabs a[href$='/history']");
        awaitRow(first, "COMPLETED");

        // Checkpoints appear as they complete, with no reload.
        long second = trigger();
        awaitRow(second, "COMPLETED");

        // A checkpoint opens to its tasks, a task to its subtasks.
        browser.click("tr[data-checkpoint='" + second + "'] button.expand");
        browser.click("tr.detail tr[data-task='count'] button.expand");
        browser.until(d -> d.findElements(By.cssSelector("tr.subtask")).size() == 2);
        browser.screenshot("job-history-expanded");

        browser.click("#trigger");
        long triggered = Long.parseLong(browser.until(d -> {
            String message = d.findElement(By.id("message")).getText();
            return message.matches("Checkpoint \\d+ triggered") ? message.replaceAll("\\D", "") : null;
        }));
        awaitRow(triggered, "COMPLETED");
        browser.click("#savepoint");
        long savepoint = Long.parseLong(browser.until(d -> {
            String message = d.findElement(By.id("message")).getText();
            return message.startsWith("Savepoint ") ? message.split(" ")[1] : null;
        }));
        awaitRow(savepoint, "COMPLETED");
        assertThat(browser.text("tr[data-checkpoint='" + savepoint + "']")).contains("SAVEPOINT");

        for (String tab : new String[] {"summary", "timeline", "storage", "configuration"}) {
            browser.click("nav.tabs a[href$='/" + tab + "']");
            browser.find("#tab-" + tab + " table, #tab-" + tab + " svg");
            browser.screenshot("job-" + tab);
        }

        browser.click("nav.tabs a[href$='/restores']");
        new Select(browser.find("#restore-source")).selectByValue("checkpoint");
        new Select(browser.find("#restore-checkpoint")).selectByValue(Long.toString(triggered));
        browser.click("#restore-check");
        browser.until(d -> d.findElement(By.id("restore-checks")).getText().contains("Checks passed"));
        assertThat(browser.text("#restore-checks")).contains("checkpoint " + triggered);
        browser.screenshot("job-restore-checked");
        browser.click("#restore-run");
        browser.until(d -> d.findElement(By.id("message")).getText().matches("Restore \\d+ started"));
        browser.until(d -> d.findElements(By.cssSelector("ul.restores > li")).stream()
                .anyMatch(restore -> restore.getText().contains("SUCCEEDED")
                        && restore.getText().contains("checkpoint " + triggered)));
        browser.screenshot("job-restores");
    }

    @Test
    void aViewerIsOfferedNothingDestructive() {
        trigger();
        signIn(TestAuth.VIEWER);
        browser.open(base() + "/#/jobs/" + JOB + "/history");
        browser.find("tr.checkpoint");
        assertThat(browser.text("#who")).contains("VIEWER");
        assertThat(browser.present("#trigger")).isFalse();
        assertThat(browser.present("#savepoint")).isFalse();
        assertThat(browser.present("#cancel-job")).isFalse();
        assertThat(browser.present("button.danger")).isFalse();
        browser.screenshot("viewer-history");
        browser.click("nav.tabs a[href$='/restores']");
        browser.find("#tab-restores h2");
        assertThat(browser.present("form.restore")).isFalse();
        browser.click("nav.tabs a[href$='/storage']");
        browser.find("#tab-storage table");
        assertThat(browser.present("#sweep-dry-run")).isFalse();
        browser.click("nav.tabs a[href$='/configuration']");
        browser.find("#tab-configuration table");
        assertThat(browser.present("form.patch")).isFalse();
    }

    @Test
    void aWrongTokenIsRefusedAtSignIn() {
        browser.open(base() + "/");
        browser.find("#token").sendKeys("not-a-token", Keys.ENTER);
        assertThat(browser.text("p.error")).contains("not accepted");
        browser.screenshot("sign-in-refused");
    }

    private void signIn(String token) {
        browser.open(base() + "/");
        browser.find("#token").sendKeys(token, Keys.ENTER);
        browser.find("tr[data-job='" + JOB + "']");
    }

    private void awaitRow(long checkpointId, String status) {
        browser.until(d -> d.findElements(By.cssSelector("tr[data-checkpoint='" + checkpointId + "']")).stream()
                .anyMatch(row -> row.getText().contains(status)));
    }

    private long trigger() {
        return given().contentType(ContentType.JSON)
                .body(Map.of())
                .post("/jobs/{job}/checkpoints", JOB)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("checkpointId");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
