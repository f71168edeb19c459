package io.kairos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.cli.ServeRole;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.Yaml;

/** Checks that docker-compose.yml configures the app with the names the app actually reads. */
class DockerComposeTest {

    static Map<String, Object> services;
    static Properties applicationProperties;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Path compose = Path.of("..", "docker-compose.yml");
        try (InputStream in = Files.newInputStream(compose)) {
            Map<String, Object> root = new Yaml().load(in);
            services = (Map<String, Object>) root.get("services");
        }
        applicationProperties = new Properties();
        try (InputStream in = DockerComposeTest.class.getResourceAsStream("/application.properties")) {
            applicationProperties.load(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String service) {
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        Map<String, String> env = new HashMap<>();
        ((Map<String, Object>) definition.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    static Set<String> variablesTheAppReads() {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]").matcher("");
        for (String key : applicationProperties.stringPropertyNames()) {
            m.reset(applicationProperties.getProperty(key));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void givenComposeFile_whenRead_thenPostgresKafkaAndTheAppAreDefinedWithHealthchecks() {
        assertThat(services).containsKeys("postgres", "kafka", "kairos");
        for (String service : List.of("postgres", "kafka", "kairos")) {
            Map<?, ?> definition = (Map<?, ?>) services.get(service);
            assertThat(definition.containsKey("healthcheck"))
                    .as("%s has a healthcheck", service)
                    .isTrue();
        }
        assertThat(((Map<?, ?>) services.get("postgres")).get("image").toString())
                .startsWith("postgres:17");
        assertThat(environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void givenAppService_whenItsVariablesAreChecked_thenEachIsOneTheAppReads() {
        Set<String> read = variablesTheAppReads();
        assertThat(read).contains("POSTGRES_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(environment("kairos").keySet())
                .isSubsetOf(read)
                .contains("POSTGRES_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void givenLiveProfile_whenRead_thenEdgeAndWorkerSplitTheRolesAndUseOnlyVariablesTheAppReads() {
        Set<String> read = variablesTheAppReads();
        Set<ServeRole> covered = EnumSet.noneOf(ServeRole.class);
        for (String service : List.of("kairos-edge", "kairos-worker")) {
            Map<?, ?> definition = (Map<?, ?>) services.get(service);
            assertThat(definition.containsKey("healthcheck"))
                    .as("%s has a healthcheck", service)
                    .isTrue();
            assertThat(String.valueOf(definition.get("profiles"))).as(service).isEqualTo("[live]");
            assertThat(environment(service).keySet()).as(service).isSubsetOf(read);
            assertThat(environment(service)).as(service).isEqualTo(environment("kairos"));
            List<String> command = command(service);
            assertThat(command.get(0)).isEqualTo("serve");
            Set<ServeRole> roles = ServeRole.parse(
                    List.of(command.get(command.indexOf("--roles") + 1).split(",")));
            assertThat(roles.stream().filter(covered::contains))
                    .as("%s shares no role with the other", service)
                    .isEmpty();
            covered.addAll(roles);
        }
        assertThat(covered).as("the two instances together run every role").isEqualTo(EnumSet.allOf(ServeRole.class));
    }

    @Test
    void givenMonitoringProfile_whenRead_thenPrometheusScrapesEachServeInstanceAndGrafanaFindsItsFiles()
            throws IOException {
        Map<String, Object> prometheus;
        try (InputStream in = Files.newInputStream(Path.of("..", "deploy", "monitoring", "prometheus.yml"))) {
            prometheus = new Yaml().load(in);
        }
        List<String> targets = new ArrayList<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            assertThat(((Map<?, ?>) job).get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object config : (List<?>) ((Map<?, ?>) job).get("static_configs")) {
                ((List<?>) ((Map<?, ?>) config).get("targets")).forEach(t -> targets.add(t.toString()));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String service : List.of("kairos-edge", "kairos-worker")) {
            List<String> command = command(service);
            expected.add(service + ":" + command.get(command.indexOf("--port") + 1));
            assertThat(command)
                    .as("%s lets Prometheus scrape without a key", service)
                    .contains("--kairos.security.open-metrics=true");
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
        for (String service : List.of("prometheus", "grafana")) {
            Map<?, ?> definition = (Map<?, ?>) services.get(service);
            assertThat(String.valueOf(definition.get("profiles"))).as(service).isEqualTo("[monitoring]");
            for (Object volume : (List<?>) definition.get("volumes")) {
                Path host = Path.of("..", volume.toString().split(":")[0]);
                assertThat(host).as("%s mounts %s", service, volume).exists();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> command(String service) {
        return ((List<Object>) ((Map<?, ?>) services.get(service)).get("command"))
                .stream().map(String::valueOf).toList();
    }

    @Test
    void givenComposeEnvironment_whenTheAppResolvesItsProperties_thenItTargetsTheComposeServers() {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().addFirst(new MapPropertySource("compose", Map.copyOf(environment("kairos"))));
        spring.getPropertySources().addLast(new PropertiesPropertySource("application", applicationProperties));

        String jdbcUrl = spring.getProperty("spring.datasource.url");
        String bootstrap = spring.getProperty("spring.kafka.bootstrap-servers");
        Map<String, String> postgres = environment("postgres");

        URI database = URI.create(jdbcUrl.substring("jdbc:".length()));
        assertThat(services).containsKey(database.getHost());
        assertThat(database.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        assertThat(spring.getProperty("spring.datasource.username")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(spring.getProperty("spring.datasource.password")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        assertThat(services).containsKey(bootstrap.substring(0, bootstrap.indexOf(':')));
        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains(bootstrap);
    }
}
