package io.cairn.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.cairn.testing.RunsAlongside;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Helm chart through real Helm (the Helm library in a jar), with no cluster: lint and rendered templates. */
@RunsAlongside
class HelmChartIT {

    private static final Path CHART = Path.of("helm", "cairn");

    @Test
    void theChartLintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderANonRootReadOnlyPodProbedOnTheActuatorGroups() {
        List<Map<String, Object>> objects = render(template().call());

        Map<String, Object> container = container(objects);
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(path(container, "securityContext", "allowPrivilegeEscalation"))
                .isEqualTo(false);
        Map<String, Object> pod = podSpec(objects);
        assertThat(path(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat((Integer) path(pod, "securityContext", "runAsUser")).isPositive();
        assertThat(mounts(container)).containsEntry("tmp", "/tmp").containsEntry("data", "/var/lib/cairn/data");
        assertThat(kinds(objects))
                .contains(
                        "Deployment",
                        "Service",
                        "ServiceAccount",
                        "ConfigMap",
                        "PersistentVolumeClaim",
                        "PodDisruptionBudget")
                .doesNotContain("Secret", "ServiceMonitor");
    }

    @Test
    void postgresAndHdfsReferenceTheSecretAndMountHadoopConfigWhereHadoopConfDirPoints() {
        String rendered = template()
                .set("replicaCount", 3)
                .set("postgresql.enabled", true)
                .set("postgresql.url", "jdbc:postgresql://db:5432/cairn")
                .set("postgresql.existingSecret", "cairn-db")
                .set("storage.checkpointRoot", "hdfs://namenode:8020/cairn/checkpoints")
                .set("hdfs.enabled", true)
                .set(
                        "hdfs.coreSite",
                        "<configuration><property><name>fs.defaultFS</name>"
                                + "<value>hdfs://namenode:8020</value></property></configuration>")
                .call();
        List<Map<String, Object>> objects = render(rendered);

        Map<String, Object> container = container(objects);
        Map<String, Object> password = env(container, "SPRING_DATASOURCE_PASSWORD");
        assertThat(path(password, "valueFrom", "secretKeyRef", "name")).isEqualTo("cairn-db");
        assertThat(password).doesNotContainKey("value");
        assertThat(env(container, "SPRING_PROFILES_ACTIVE").get("value")).isEqualTo("postgres");
        assertThat(env(container, "CAIRN_CLUSTER_ENABLED").get("value")).isEqualTo("true");
        assertThat(path(env(container, "CAIRN_CLUSTER_REPLICAID"), "valueFrom", "fieldRef", "fieldPath"))
                .isEqualTo("metadata.name");
        assertThat(env(container, "CAIRN_COORDINATOR_ADVERTISEDURL").get("value"))
                .isEqualTo("http://$(POD_IP):8080");
        String hadoopConfDir = (String) env(container, "HADOOP_CONF_DIR").get("value");
        assertThat(mounts(container)).containsEntry("hadoop-conf", hadoopConfDir);
        String configMapName = podVolumes(objects).stream()
                .filter(v -> "hadoop-conf".equals(v.get("name")))
                .map(v -> (String) path(v, "configMap", "name"))
                .findFirst()
                .orElseThrow();
        assertThat(object(objects, "ConfigMap", configMapName).get("data"))
                .asString()
                .contains("fs.defaultFS");
        assertThat(path(object(objects, "Deployment", null), "spec", "replicas"))
                .isEqualTo(3);
        assertThat(kinds(objects)).doesNotContain("Secret", "PersistentVolumeClaim");
        assertThat(rendered).contains("hdfs://namenode:8020/cairn/checkpoints");
    }

    @Test
    @SuppressWarnings("unchecked")
    void s3SettingsGoToTheConfigurationAndCredentialsComeOnlyFromTheReferencedSecret() {
        String rendered = template()
                .set("storage.checkpointRoot", "s3a://checkpoints/cairn")
                .set("s3.endpoint", "https://minio.storage:9000")
                .set("s3.pathStyleAccess", true)
                .set("s3.credentialsSecret", "cairn-s3")
                .call();
        List<Map<String, Object>> objects = render(rendered);

        Map<String, Object> container = container(objects);
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            Map<String, Object> env = env(container, variable);
            assertThat(path(env, "valueFrom", "secretKeyRef", "name")).isEqualTo("cairn-s3");
            assertThat(env).doesNotContainKey("value");
        }
        Map<String, Object> config =
                (Map<String, Object>) object(objects, "ConfigMap", null).get("data");
        Map<String, Object> application = new Yaml().load((String) config.get("application.yaml"));
        Map<String, Object> storage = (Map<String, Object>) path(application, "cairn", "storage");
        assertThat(storage.get("checkpoint-root")).isEqualTo("s3a://checkpoints/cairn");
        assertThat((Map<String, Object>) storage.get("hadoop-properties"))
                .containsEntry("[fs.s3a.endpoint]", "https://minio.storage:9000")
                .containsEntry("[fs.s3a.path.style.access]", "true");
        assertThat(kinds(objects)).doesNotContain("Secret");
    }

    @Test
    @SuppressWarnings("unchecked")
    void flinkRootsReachCairnsConfigurationOnlyWhenSet() {
        Map<String, Object> withRoots = application(render(template()
                .set("flink.checkpointRoots[0]", "hdfs://namenode:8020/flink/checkpoints")
                .call()));
        assertThat((List<String>) path(withRoots, "cairn", "flink", "checkpoint-roots"))
                .containsExactly("hdfs://namenode:8020/flink/checkpoints");

        Map<String, Object> byDefault = application(render(template().call()));
        assertThat((Map<String, Object>) byDefault.get("cairn")).doesNotContainKey("flink");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> application(List<Map<String, Object>> objects) {
        Map<String, Object> config =
                (Map<String, Object>) object(objects, "ConfigMap", null).get("data");
        return new Yaml().load((String) config.get("application.yaml"));
    }

    @Test
    void thePrometheusRuleCarriesTheAlertsWhenEnabled() {
        List<Map<String, Object>> objects = render(template()
                .set("metrics.prometheusRule.enabled", true)
                .set("metrics.prometheusRule.labels.release", "prometheus")
                .call());

        Map<String, Object> rule = object(objects, "PrometheusRule", null);
        assertThat(path(rule, "metadata", "labels", "release")).isEqualTo("prometheus");
        assertThat(path(rule, "spec", "groups"))
                .asString()
                .contains(
                        "CairnCheckpointsStale",
                        "CairnAgentsMissing",
                        "CairnRestoreStuck",
                        "CairnDeletionBacklog",
                        "CairnCheckpointsFailing");
        assertThat(kinds(render(template().call()))).doesNotContain("PrometheusRule");
    }

    @Test
    void moreThanOneReplicaWithTheEmbeddedCatalogIsRefused() {
        assertThatThrownBy(() -> template().set("replicaCount", 2).call())
                .hasMessageContaining("replicaCount > 1 needs postgresql.enabled=true");
        assertThatThrownBy(() -> template()
                        .set("postgresql.enabled", true)
                        .set("postgresql.url", "jdbc:postgresql://db/cairn")
                        .call())
                .hasMessageContaining("postgresql.existingSecret");
    }

    @Test
    void optionalServiceMonitorDashboardJsonLogsAndNetworkPolicy() {
        List<Map<String, Object>> objects = render(template()
                .set("metrics.serviceMonitor.enabled", true)
                .set("dashboards.enabled", true)
                .set("logging.json", true)
                .set("networkPolicy.enabled", true)
                .call());

        Map<String, Object> monitor = object(objects, "ServiceMonitor", null);
        assertThat(path(monitor, "spec", "endpoints")).asString().contains("/actuator/prometheus");
        Map<String, Object> dashboard = objects.stream()
                .filter(o -> "ConfigMap".equals(o.get("kind")))
                .filter(o -> ((Map<?, ?>) o.get("data")).containsKey("cairn.json"))
                .findFirst()
                .orElseThrow();
        String json = (String) ((Map<?, ?>) dashboard.get("data")).get("cairn.json");
        assertThat(JsonMapper.builder().build().readTree(json).get("panels").size())
                .isGreaterThan(5);
        assertThat(env(container(objects), "LOGGING_STRUCTURED_FORMAT_CONSOLE").get("value"))
                .isEqualTo("ecs");
        assertThat(kinds(objects)).contains("NetworkPolicy");
    }

    @Test
    @SuppressWarnings("unchecked")
    void tokenHashesJwtIssuerAndTheSecretConfigReachCairnsConfiguration() {
        String sha = "a".repeat(64);
        List<Map<String, Object>> objects = render(template()
                .set("security.tokens[0].name", "ci")
                .set("security.tokens[0].sha256", sha)
                .set("security.tokens[0].role", "OPERATOR")
                .set("security.jwtIssuerUri", "https://login.example.com/realms/ops")
                .set("security.tokensSecret", "cairn-tokens")
                .call());

        Map<String, Object> config = object(objects, "ConfigMap", "cairn");
        Map<String, Object> application =
                new Yaml().load((String) ((Map<?, ?>) config.get("data")).get("application.yaml"));
        Map<String, Object> token =
                ((List<Map<String, Object>>) path(application, "cairn", "security", "tokens")).get(0);
        assertThat(token)
                .containsEntry("name", "ci")
                .containsEntry("sha256", sha)
                .containsEntry("role", "OPERATOR");
        assertThat(path(application, "cairn", "security", "admin-token-file"))
                .asString()
                .startsWith("/var/lib/cairn/data");
        assertThat(path(application, "spring", "security", "oauth2", "resourceserver", "jwt", "issuer-uri"))
                .isEqualTo("https://login.example.com/realms/ops");
        Map<String, Object> container = container(objects);
        assertThat(mounts(container)).containsEntry("api-tokens", "/etc/cairn/secrets");
        assertThat(env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION").get("value"))
                .asString()
                .contains("file:/etc/cairn/secrets/");
        assertThatThrownBy(() -> template()
                        .set("security.tokens[0].name", "x")
                        .set("security.tokens[0].sha256", "not-a-hash")
                        .set("security.tokens[0].role", "ROOT")
                        .call())
                .hasMessageContaining("sha256");
    }

    /** helm template leaves test hooks out, so the hook is checked as lint sees it: its source. */
    @Test
    void theHelmTestHookCallsTheHealthEndpointOfTheService() throws Exception {
        String hook = java.nio.file.Files.readString(CHART.resolve("templates/tests/test-health.yaml"));

        assertThat(hook)
                .contains("\"helm.sh/hook\": test")
                .contains("http://{{ include \"cairn.fullname\" . }}:{{ .Values.service.port }}/actuator/health");
    }

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName("cairn");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return objects;
    }

    private static List<String> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> (String) o.get("kind")).toList();
    }

    private static Map<String, Object> object(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")))
                .filter(o -> name == null || name.equals(path(o, "metadata", "name")))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(List<Map<String, Object>> objects) {
        return (Map<String, Object>) path(object(objects, "Deployment", null), "spec", "template", "spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(List<Map<String, Object>> objects) {
        return ((List<Map<String, Object>>) podSpec(objects).get("containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> podVolumes(List<Map<String, Object>> objects) {
        return (List<Map<String, Object>>) podSpec(objects).get("volumes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> mounts(Map<String, Object> container) {
        Map<String, String> mounts = new java.util.HashMap<>();
        ((List<Map<String, Object>>) container.get("volumeMounts"))
                .forEach(mount -> mounts.put((String) mount.get("name"), (String) mount.get("mountPath")));
        return mounts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return ((List<Map<String, Object>>) container.get("env"))
                .stream()
                        .filter(e -> name.equals(e.get("name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no env " + name));
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            current = current instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(key) : null;
        }
        return current;
    }
}
